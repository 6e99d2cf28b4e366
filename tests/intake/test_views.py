"""The intake pages: take in an article, review its drafts, file, reject, draft by hand."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factcheck.intake import services
from factcheck.models import Article, Claim, DraftState
from tests.factories import ClaimantFactory
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
    client = client_for(editor)
    response = client.post(
        f"/intake/drafts/{draft.pk}/accept/", form_values(draft, counted="people displaced")
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/intake/{article.pk}/#draft-{draft.pk}"
    assert (claim.counted, claim.claimant.name) == ("people displaced", "Lorvan regional governor")
    review = client.get(f"/intake/{article.pk}/").content.decode()
    assert f'Filed as <a href="/claims/{claim.pk}/">claim {claim.pk}</a>' in review
    detail = client.get(f"/claims/{claim.pk}/").content.decode()
    assert (
        f'href="/intake/{article.pk}/#draft-{draft.pk}">Floods leave thousands homeless' in detail
    )
    assert "where it reads: “More than 2,300”" in detail


def test_a_refused_draft_keeps_the_editors_corrections_and_says_what_to_fix(client_for, editor):
    draft = draft_with(make_article(editor), 2300)
    post = form_values(draft, counted="", place="Corrected place")
    response = client_for(editor).post(f"/intake/drafts/{draft.pk}/accept/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Say what the figure counts" in page
    assert 'value="Corrected place"' in page
    assert not Claim.objects.exists()


def test_a_duplicate_warns_with_a_link_and_files_after_a_click(client_for, editor):
    draft = draft_with(make_article(editor), 2300)
    existing = same_claim_on_the_desk(draft, claimant="Lorvan regional governor")
    client = client_for(editor)
    warned = client.post(f"/intake/drafts/{draft.pk}/accept/", form_values(draft))
    page = warned.content.decode()
    assert warned.status_code == 409
    assert f'href="/claims/{existing.pk}/">claim {existing.pk}</a>' in page
    assert f'name="file_duplicate_of" value="{existing.pk}"' in page
    assert Claim.objects.count() == 1
    post = {**form_values(draft), "file_duplicate_of": str(existing.pk)}
    assert client.post(f"/intake/drafts/{draft.pk}/accept/", post).status_code == 302
    assert Claim.objects.count() == 2


def test_rejecting_and_restoring_a_draft(client_for, reporter):
    article = make_article(reporter)
    draft = draft_with(article, 2300)
    client = client_for(reporter)
    assert client.post(f"/intake/drafts/{draft.pk}/reject/").status_code == 302
    draft.refresh_from_db()
    assert draft.state == DraftState.REJECTED
    page = client.get(f"/intake/{article.pk}/").content.decode()
    assert "Rejected by reporter" in page
    client.post(f"/intake/drafts/{draft.pk}/restore/")
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
