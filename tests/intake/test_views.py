"""The intake pages: take in an article, review its drafts, file, reject, draft by hand."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factcheck.intake import services
from factcheck.models import Article, Claim, DraftState
from tests.factories import ClaimantFactory, ClaimFactory
from tests.intake.test_services import (
    ARTICLE,
    PUBLISHED,
    draft_with,
    make_article,
    same_claim_on_the_desk,
)

pytestmark = pytest.mark.django_db

ARTICLE_POST = {
    "title": "Floods leave thousands homeless",
    "url": "https://example.org/floods",
    "publisher": "Lorvan Courier",
    "published": "2024-05-09",
    "text": ARTICLE,
}


def form_values(draft, **changes):
    return {
        "statement": draft.statement,
        "claimant": "Lorvan regional governor",
        "claimant_kind": "government",
        "qualifier": draft.qualifier,
        "value": str(draft.value),
        "value_high": "",
        "unit": draft.unit,
        "counted": draft.counted,
        "place": "Lorvan",
        "as_of": draft.as_of.isoformat(),
        **changes,
    }


def refused_card(client, draft, post):
    """Post `post` to file `draft`, expect a redirect to its card (nothing filed), and return
    the card as the review page then shows it."""
    response = client.post(f"/intake/drafts/{draft.pk}/accept/", post)
    assert response.status_code == 302
    assert response["Location"] == f"/intake/{draft.article_id}/#draft-{draft.pk}"
    page = client.get(response["Location"]).content.decode()
    card = page[page.index(f'id="draft-{draft.pk}"') :]
    return card[: card.index("</article>")]


def test_the_menu_offers_intake_to_editors_and_reporters_only(client_for, editor, reporter, viewer):
    for user, shown in ((editor, True), (reporter, True), (viewer, False)):
        page = client_for(user).get("/claims/").content.decode()
        assert ('href="/intake/"' in page) is shown, user


def test_pasting_an_article_stores_it_and_opens_its_review(client_for, reporter):
    response = client_for(reporter).post("/intake/", ARTICLE_POST)
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/intake/{article.pk}/"
    assert (article.title, article.publisher, article.published) == (
        "Floods leave thousands homeless",
        "Lorvan Courier",
        PUBLISHED,
    )
    assert article.uploaded_by == reporter and article.drafts.count() == 4


def test_an_html_upload_is_read_as_text_and_its_title_used(client_for, editor):
    html = b"<html><head><title>Flood page</title></head><body><p>About 40 people died.</p>"
    upload = SimpleUploadedFile("floods.html", html, content_type="text/html")
    post = {**ARTICLE_POST, "title": "", "text": "", "file": upload}
    response = client_for(editor).post("/intake/", post)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.text) == ("Flood page", "About 40 people died.")


def test_an_address_without_its_scheme_is_taken_as_https_like_the_claim_form(client_for, editor):
    form = client_for(editor).get("/intake/").content.decode()
    address = form[form.index('name="url"') - 200 : form.index('name="url"') + 200]
    # A text field: the browser's own url check would block "example.org/a" before the server.
    assert 'type="text"' in address and 'inputmode="url"' in address
    response = client_for(editor).post("/intake/", {**ARTICLE_POST, "url": "example.org/a"})
    assert response.status_code == 302
    assert Article.objects.get().url == "https://example.org/a"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": ""}, "Paste the article"),
        ({"url": "javascript:alert(1)"}, "starting with http"),
        ({"published": "yesterday"}, "Enter a valid date"),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF")}, "not a .txt or .html file"),
    ],
)
def test_a_bad_article_comes_back_with_the_problem_next_to_the_field(
    client_for, editor, changes, message
):
    post = {**ARTICLE_POST, **changes}
    if "file" in changes:
        post["text"] = ""
    response = client_for(editor).post("/intake/", post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_the_review_page_marks_each_draft_in_place_with_its_form(client_for, editor):
    courier = ClaimantFactory(name="Lorvan Courier")
    article = make_article(editor)
    page = client_for(editor).get(f"/intake/{article.pk}/").content.decode()
    displaced = draft_with(article, 2300)
    assert (
        f'<mark id="mark-{displaced.pk}" class="draft-mark draft-pending">More than 2,300</mark>'
        in page
    )
    assert f'id="draft-{displaced.pk}"' in page
    assert 'value="2300"' in page and 'value="more_than" selected' in page
    assert page.count("Vague figure</span>") == 2
    # An unattributed figure is the publisher's, matched to the desk's claimant.
    assert "it is the publisher’s own claim" in page
    assert f'href="/claimants/{courier.pk}/">Lorvan Courier</a>, already in the desk' in page


def test_filing_a_corrected_draft_links_the_claim_back_to_its_sentence(client_for, editor):
    article = make_article(editor)
    draft = draft_with(article, 2300)
    after = article.drafts.filter(start__gt=draft.start).order_by("start").first()
    client = client_for(editor)
    response = client.post(
        f"/intake/drafts/{draft.pk}/accept/", form_values(draft, counted="people displaced")
    )
    claim = Claim.objects.get()
    # Post/Redirect/Get, on to the next draft to review.
    assert response.status_code == 302
    assert response["Location"] == f"/intake/{article.pk}/#draft-{after.pk}"
    assert (claim.counted, claim.claimant.name) == ("people displaced", "Lorvan regional governor")
    review = client.get(f"/intake/{article.pk}/").content.decode()
    assert f'Filed as <a href="/claims/{claim.pk}/">claim {claim.pk}</a>' in review
    anchor = f"sentence-{draft.sentence_start}-{draft.sentence_end}"
    assert f'<span id="{anchor}" class="draft-sentence"' in review
    detail = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'href="/intake/{article.pk}/#{anchor}">Floods leave thousands homeless' in detail
    # The whole sentence, the figure marked in it.
    assert (
        "“<mark>More than 2,300</mark> people have been displaced by floods in Lorvan, the "
        "regional governor said on Tuesday.”" in detail
    )
    assert "<title>Claim" in detail and "<script" not in detail[: detail.index("</title>")]


def test_a_refused_draft_keeps_the_editors_corrections_and_says_what_to_fix(client_for, editor):
    draft = draft_with(make_article(editor), 2300)
    client = client_for(editor)
    card = refused_card(client, draft, form_values(draft, counted="", place="Corrected place"))
    assert "Say what the figure counts" in card
    assert 'value="Corrected place"' in card
    # The browser is sent to the card, and the script focuses its message.
    assert f'id="draft-{draft.pk}-refusal" data-focus-on-load' in card
    # Shown once: reloading the page sends nothing again and shows the draft as drafted.
    again = client.get(f"/intake/{draft.article_id}/").content.decode()
    assert "Say what the figure counts" not in again and "data-focus-on-load" not in again
    assert not Claim.objects.exists()


def test_methodology_notes_are_folded_unless_written(client_for, editor):
    draft = draft_with(make_article(editor), 2300)
    client = client_for(editor)
    page = client.get(f"/intake/{draft.article_id}/").content.decode()
    assert '<details class="draft-notes mb-2">' in page
    card = refused_card(client, draft, form_values(draft, counted="", methodology_notes="Kept."))
    assert '<details class="draft-notes mb-2" open>' in card and "Kept.</textarea>" in card


def test_a_refusal_kept_for_a_draft_decided_since_is_dropped(client_for, editor, reporter):
    draft = draft_with(make_article(editor), 2300)
    client = client_for(editor)
    client.post(f"/intake/drafts/{draft.pk}/accept/", form_values(draft, counted=""))
    services.reject_draft(draft=draft, actor=reporter)
    page = client.get(f"/intake/{draft.article_id}/").content.decode()
    assert "Say what the figure counts" not in page and "Draft not filed yet" not in page
    assert "Rejected by reporter" in page


def test_a_duplicate_warns_with_a_link_and_files_after_a_click(client_for, editor):
    draft = draft_with(make_article(editor), 2300)
    existing = same_claim_on_the_desk(draft, claimant="Lorvan regional governor")
    client = client_for(editor)
    card = refused_card(client, draft, form_values(draft))
    assert f'href="/claims/{existing.pk}/">claim {existing.pk}</a>' in card
    assert f'name="file_duplicate_of" value="{existing.pk}"' in card
    assert "data-focus-on-load" in card
    assert Claim.objects.count() == 1
    post = {**form_values(draft), "file_duplicate_of": str(existing.pk)}
    assert client.post(f"/intake/drafts/{draft.pk}/accept/", post).status_code == 302
    assert Claim.objects.count() == 2


def test_rejecting_and_restoring_a_draft(client_for, reporter):
    article = make_article(reporter)
    draft = draft_with(article, 2300)
    after = article.drafts.filter(start__gt=draft.start).order_by("start").first()
    client = client_for(reporter)
    rejected = client.post(f"/intake/drafts/{draft.pk}/reject/")
    assert rejected["Location"] == f"/intake/{article.pk}/#draft-{after.pk}"
    draft.refresh_from_db()
    assert draft.state == DraftState.REJECTED
    page = client.get(f"/intake/{article.pk}/").content.decode()
    assert "Rejected by reporter" in page
    restored = client.post(f"/intake/drafts/{draft.pk}/restore/")
    assert restored["Location"] == f"/intake/{article.pk}/#draft-{draft.pk}"
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING


def test_filing_a_draft_someone_rejected_meanwhile_says_so(client_for, editor, reporter):
    draft = draft_with(make_article(editor), 2300)
    services.reject_draft(draft=draft, actor=reporter)
    response = client_for(editor).post(
        f"/intake/drafts/{draft.pk}/accept/", form_values(draft), follow=True
    )
    assert "reporter has already rejected this draft" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_sentence_is_drafted_by_hand_from_the_sentence_list(client_for, editor):
    article = make_article(editor)
    client = client_for(editor)
    start = article.text.index("The river rose")
    page = client.get(f"/intake/{article.pk}/").content.decode()
    assert f'name="start" value="{start}"' in page
    response = client.post(f"/intake/{article.pk}/draft/", {"start": start, "end": start + 10})
    draft = article.drafts.get(origin="by_hand")
    assert response["Location"] == f"/intake/{article.pk}/#draft-{draft.pk}"
    assert draft.statement == "The river rose 3 metres in 2019, residents recall."


@pytest.mark.parametrize("start", ["", "x", "-1", "99999999999", "100000"])
def test_a_sentence_outside_the_article_is_refused_not_a_500(client_for, editor, start):
    article = make_article(editor)
    response = client_for(editor).post(f"/intake/{article.pk}/draft/", {"start": start})
    assert response.status_code == 400
    assert article.drafts.filter(origin="by_hand").count() == 0


def test_the_intake_page_lists_articles_with_their_counts(client_for, editor):
    article = make_article(editor)
    services.reject_draft(draft=draft_with(article, 2300), actor=editor)
    page = client_for(editor).get("/intake/").content.decode()
    assert "Floods leave thousands homeless" in page
    assert "3 to review" in page and "1 rejected" in page


def test_a_claims_page_for_a_viewer_names_the_article_without_the_intake_link(
    client_for, editor, viewer
):
    article = make_article(editor, text="About 40 people died, the mayor said.")
    draft = article.drafts.get()
    claim = services.accept_draft(
        draft=draft,
        actor=editor,
        values={**form_values(draft), "as_of": date(2024, 5, 9).isoformat()},
        claimant="Mayor",
    )
    page = client_for(viewer).get(f"/claims/{claim.pk}/").content.decode()
    assert "“Floods leave thousands homeless”" in page
    assert "/intake/" not in page


# --- Has this been checked already? (issue 18) ---------------------------------------------


@pytest.fixture
def displaced_known(editor):
    """The governor's displaced count, already in the desk (same figure as the 2,300 draft)."""
    from factcheck.workflow.status_writer import write_status

    claim = ClaimFactory(
        claimant=ClaimantFactory(name="Lorvan regional governor"),
        statement="More than 2,300 people have been displaced by floods in Lorvan.",
        value=2300,
        qualifier="more_than",
        counted="people displaced",
        place="Lorvan",
        as_of=date(2024, 5, 7),
    )
    write_status(claim=claim, to_status="confirmed", actor=editor)
    return claim


def test_each_pending_draft_shows_the_claims_it_matches(client_for, editor, displaced_known):
    article = make_article(editor)
    page = client_for(editor).get(f"/intake/{article.pk}/").content.decode()
    draft = draft_with(article, 2300)
    card = page[page.index(f'id="draft-{draft.pk}"') :]
    card = card[: card.index("</article>")]
    # One line says the best match; the list is folded under it.
    summary = card[card.index("<summary>") : card.index("</summary>")]
    assert "Same figure" in summary
    assert f"<strong>claim {displaced_known.pk} (confirmed)</strong>" in summary
    assert '<details class="draft-matches-list">' in card
    assert (
        f'Already in the desk: <a href="/claims/{displaced_known.pk}/">claim '
        f"{displaced_known.pk}</a>, confirmed." in card
    )
    assert "No claim in the desk matches this draft." in page  # the drafts with no match


def test_filing_a_known_figure_waits_for_file_it_anyway(client_for, editor, displaced_known):
    draft = draft_with(make_article(editor), 2300)
    client = client_for(editor)
    values = form_values(draft, counted="people displaced")
    card = refused_card(client, draft, values)
    assert 'name="file_anyway"' in card and "This figure is already in the desk" in card
    assert 'value="people displaced"' in card  # the corrections are kept
    assert '<details class="draft-matches-list" open>' in card  # the match it waits on
    assert "data-focus-on-load" in card
    assert Claim.objects.count() == 1
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING
    filed = client.post(f"/intake/drafts/{draft.pk}/accept/", {**values, "file_anyway": "1"})
    assert filed.status_code == 302
    assert Claim.objects.count() == 2


def test_another_figure_is_filed_at_once(client_for, editor, displaced_known):
    draft = draft_with(make_article(editor), 2300)
    values = form_values(draft, value="2450", counted="people displaced")
    response = client_for(editor).post(f"/intake/drafts/{draft.pk}/accept/", values)
    assert response.status_code == 302 and Claim.objects.count() == 2


def test_the_review_page_runs_one_bounded_lookup_per_draft(client_for, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article(editor)
    client = client_for(editor)
    url = f"/intake/{article.pk}/"
    governor = ClaimantFactory(name="Lorvan regional governor")

    def displaced(n):
        ClaimFactory(
            claimant=governor,
            statement=f"More than 2,300 people have been displaced by floods in Lorvan ({n}).",
            value=2300 + n,
            qualifier="more_than",
            counted="people displaced",
            place="Lorvan",
            as_of=date(2024, 5, 7),
        )

    displaced(0)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 7):
        displaced(n)
    with CaptureQueriesContext(connection) as seven:
        page = client.get(url).content.decode()
    assert page.count("Same quantity, other figure") + page.count("Same figure") >= 7
    # Seven matches cost what one did: nothing is loaded per match.
    assert len(seven) == len(one)
    # Each pending draft costs its candidates (three queries at most, on SQLite); claimants
    # and matched claims are looked up once for all.
    assert len(seven) <= 20 + 3 * article.drafts.count()
    # A decided draft costs nothing.
    for draft in article.drafts.exclude(value=2300):
        services.reject_draft(draft=draft, actor=editor)
    with CaptureQueriesContext(connection) as fewer:
        client.get(url)
    assert len(fewer) <= len(seven) - (article.drafts.count() - 1)


def test_matches_are_looked_up_afresh_so_a_filed_draft_shows_at_once(client_for, editor):
    first, second = make_article(editor), make_article(editor)
    client = client_for(editor)
    draft = draft_with(second, 2300)
    before = client.get(f"/intake/{second.pk}/").content.decode()
    assert "Already in the desk" not in before
    values = form_values(draft_with(first, 2300), counted="people displaced")
    client.post(f"/intake/drafts/{draft_with(first, 2300).pk}/accept/", values)
    filed = Claim.objects.get()
    after = client.get(f"/intake/{second.pk}/").content.decode()
    card = after[after.index(f'id="draft-{draft.pk}"') :]
    assert f"<strong>claim {filed.pk} (unverified)</strong>" in card[: card.index("</summary>")]
