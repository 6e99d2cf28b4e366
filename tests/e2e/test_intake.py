"""Article intake in the browser: paste a short article, correct and file one draft, reject
another, draft a sentence by selecting it, and find the filed claim in the queue, linked back
to its sentence in the article; a held filing lands on its draft."""

from datetime import date

from playwright.sync_api import expect

from factcheck import browser
from factcheck.intake.services import create_article
from factcheck.models import Article, Claim
from tests.e2e.helpers import serious_accessibility_problems, sideways_scrollers

ARTICLE = (
    "Quake toll rises in Veskar\n"
    "At least 42 people were killed in the earthquake, the Veskar health ministry said on "
    "Monday. Dozens of buildings collapsed. The old bridge, built in 1911, survived."
)


def test_an_editor_pastes_an_article_files_one_draft_and_rejects_another(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    page.get_by_role("link", name="Intake").click()
    page.get_by_label("Title").fill("Quake toll rises in Veskar")
    page.get_by_label("Address").fill("example.org/quake")  # https:// is added
    page.get_by_label("Publisher").fill("Veskar Tribune")
    page.get_by_label("Publication date").fill("2024-03-06")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Draft the claims").click()
    expect(page.get_by_role("status")).to_contain_text("figure claims drafted")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quake toll rises in Veskar")
    expect(page.locator("mark", has_text="At least 42")).to_be_visible()
    assert serious_accessibility_problems(page) == []

    killed = page.locator("article.draft-card", has_text="“At least 42”")
    expect(killed.get_by_label("Value", exact=True)).to_have_value("42")
    expect(killed.get_by_label("Qualifier")).to_have_value("at_least")
    expect(killed.get_by_label("As of")).to_have_value("2024-03-04")
    killed.get_by_label("What is counted").fill("people killed in the earthquake")
    killed.get_by_label("Place").fill("Veskar")
    killed.get_by_role("button", name="File claim").click()
    expect(page.get_by_role("status")).to_contain_text("filed as claim")
    expect(killed).to_contain_text("Filed as claim")

    # On to the next draft, in the same paragraph: the paragraph stays beside it in view.
    collapsed = page.locator("article.draft-card", has_text="“Dozens”")
    assert page.url.endswith(f"#{collapsed.get_attribute('id')}")
    expect(collapsed).to_contain_text("Vague figure")
    expect(page.locator("mark", has_text="Dozens")).to_be_in_viewport()
    collapsed.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("status")).to_contain_text("rejected")
    expect(collapsed).to_contain_text("Rejected by editor")

    # Select a sentence the engine left alone: a button offers to draft it.
    page.evaluate(
        """() => {
            const text = [...document.querySelectorAll('.article-text')]
                .map(p => [...p.childNodes]).flat()
                .find(n => n.nodeType === Node.TEXT_NODE && n.data.includes('The old bridge'));
            const at = text.data.indexOf('The old bridge');
            const range = document.createRange();
            range.setStart(text, at);
            range.setEnd(text, at + 14);
            document.getSelection().removeAllRanges();
            document.getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Draft the selected sentence").click()
    by_hand = page.locator("article.draft-card", has_text="Drafted by hand")
    expect(by_hand.get_by_label("Statement")).to_have_value(
        "The old bridge, built in 1911, survived."
    )

    claim = Claim.objects.get(counted="people killed in the earthquake")
    assert claim.claimant.name == "Veskar health ministry"
    assert Article.objects.get().url == "https://example.org/quake"
    page.goto("/claims/")
    page.get_by_role("link", name=claim.statement[:40]).click()
    origin = page.locator(".claim-origin")
    sentence = (
        "At least 42 people were killed in the earthquake, the Veskar health ministry said "
        "on Monday."
    )
    expect(origin.locator("blockquote")).to_have_text(f"“{sentence}”")
    expect(origin.locator("blockquote mark")).to_have_text("At least 42")
    assert serious_accessibility_problems(page) == []
    origin.get_by_role("link", name="Quake toll rises in Veskar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quake toll rises in Veskar")
    # The link lands on the very sentence, highlighted.
    highlighted = page.locator(".draft-sentence:target")
    expect(highlighted).to_have_text(sentence.replace("42", "421"))  # its draft's number
    expect(highlighted).to_be_in_viewport()
    assert Article.objects.get().drafts.filter(state="rejected").count() == 1


def test_the_review_page_fits_a_phone(open_page, demo):
    article = create_article(
        actor=demo["reporter"], text=ARTICLE, title="Quake", published=date(2024, 3, 6)
    )
    page = open_page(demo["reporter"], viewport=browser.PHONE)
    page.goto(f"/intake/{article.pk}/")
    expect(page.locator("mark", has_text="At least 42")).to_be_visible()
    assert sideways_scrollers(page) == []


def test_a_paragraph_stays_in_view_beside_its_last_draft_on_a_wide_screen(open_page, demo):
    article = create_article(
        actor=demo["reporter"],
        text=(
            "Storm count\n"
            "At least 42 people died, 310 were injured, 1,500 homes were destroyed and "
            "about 9,000 people fled, the ministry said on Monday."
        ),
        title="Storm",
        published=date(2024, 3, 6),
    )
    page = open_page(demo["reporter"])
    page.goto(f"/intake/{article.pk}/")
    last = page.locator("article.draft-card", has_text="“about 9,000”")
    last.get_by_role("button", name="File claim").scroll_into_view_if_needed()
    expect(page.locator("mark", has_text="At least 42")).to_be_in_viewport()
    expect(page.locator("mark", has_text="about 9,000")).to_be_in_viewport()


def test_a_draft_whose_figure_is_in_the_desk_is_filed_only_after_file_it_anyway(open_page, demo):
    # The demo holds OHCHR's "at least 227 civilians killed" (as of 1 March 2022, confirmed).
    article = create_article(
        actor=demo["editor"],
        text=(
            "Civilian toll rises\n"
            "At least 227 civilians have been killed since the invasion began, the UN human "
            "rights office said on Tuesday."
        ),
        title="Civilian toll rises",
        published=date(2022, 3, 2),
    )
    known = Claim.objects.get(statement__startswith="At least 227 civilians")
    page = open_page(demo["editor"])
    page.goto(f"/intake/{article.pk}/")
    card = page.locator("article.draft-card", has_text="“At least 227”")
    # One line says it; the list is folded under it.
    summary = card.locator(".draft-matches summary")
    expect(summary).to_contain_text(f"Same figure claim {known.pk} (confirmed)")
    expect(card.get_by_text(f"Already in the desk: claim {known.pk}")).to_be_hidden()
    summary.click()
    expect(card.get_by_text(f"Already in the desk: claim {known.pk}")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    card.get_by_label("Place").fill("Ukraine")
    card.get_by_role("button", name="File claim").click()
    card = page.locator("article.draft-card", has_text="“At least 227”")
    held = card.get_by_role("alert")
    expect(held).to_contain_text("This figure is already in the desk")
    # Landed on the draft, its message focused, at a reloadable address.
    assert page.url.endswith(f"/intake/{article.pk}/#{card.get_attribute('id')}")
    expect(held).to_be_focused()
    expect(held).to_be_in_viewport()
    expect(card.get_by_label("Place")).to_have_value("Ukraine")
    expect(card.get_by_text(f"Already in the desk: claim {known.pk}")).to_be_visible()
    page.reload()  # sends nothing again
    assert Claim.objects.filter(statement__startswith="At least 227 civilians").count() == 1
    card.get_by_label("Place").fill("Ukraine")
    card.get_by_role("button", name="File claim").click()
    card.get_by_role("button", name="File it anyway").click()
    expect(page.get_by_role("status")).to_contain_text("filed as claim")
    assert Claim.objects.filter(statement__startswith="At least 227 civilians").count() == 2
