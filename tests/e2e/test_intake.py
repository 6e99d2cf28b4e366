"""Article intake in the browser: paste a short article, correct and file one draft, reject
another, draft a sentence by selecting it, and find the filed claim in the queue, linked back
to its article."""

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
    page.get_by_label("Address").fill("https://example.org/quake")
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

    collapsed = page.locator("article.draft-card", has_text="“Dozens”")
    expect(collapsed).to_contain_text("Vague figure")
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
    page.goto("/claims/")
    page.get_by_role("link", name=claim.statement[:40]).click()
    origin = page.locator(".claim-origin")
    expect(origin).to_contain_text("where it reads: “At least 42”")
    origin.get_by_role("link", name="Quake toll rises in Veskar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quake toll rises in Veskar")
    assert page.url.endswith(f"#draft-{claim.drafted_from.pk}")
    assert Article.objects.get().drafts.filter(state="rejected").count() == 1


def test_the_review_page_fits_a_phone(open_page, demo):
    article = create_article(
        actor=demo["reporter"], text=ARTICLE, title="Quake", published=date(2024, 3, 6)
    )
    page = open_page(demo["reporter"], viewport=browser.PHONE)
    page.goto(f"/intake/{article.pk}/")
    expect(page.locator("mark", has_text="At least 42")).to_be_visible()
    assert sideways_scrollers(page) == []


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
    expect(card.locator(".draft-matches")).to_contain_text(
        f"Already in the desk: claim {known.pk}, confirmed."
    )
    assert serious_accessibility_problems(page) == []
    card.get_by_label("Place").fill("Ukraine")
    card.get_by_role("button", name="File claim").click()
    card = page.locator("article.draft-card", has_text="“At least 227”")
    expect(card).to_contain_text("This figure is already in the desk")
    expect(card.get_by_label("Place")).to_have_value("Ukraine")
    assert Claim.objects.filter(statement__startswith="At least 227 civilians").count() == 1
    card.get_by_role("button", name="File it anyway").click()
    expect(page.get_by_role("status")).to_contain_text("filed as claim")
    assert Claim.objects.filter(statement__startswith="At least 227 civilians").count() == 2
