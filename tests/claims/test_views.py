import re

import pytest
from django.utils.html import escape

from factcheck.models import Claim, Status
from tests.factories import ClaimFactory, EvidenceFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


def test_list_shows_claims_with_their_figures(client_for, viewer, claim):
    page = client_for(viewer).get("/claims/").content.decode()
    assert escape(claim.statement) in page
    assert "at least 227 civilians killed (Ukraine, as of 1 Mar 2022)" in page
    assert "Unverified" in page


def test_detail_shows_figure_methodology_evidence_and_status(client_for, viewer, claim):
    claim.methodology_notes = "Counts confirmed casualties only; admits undercount."
    claim.save()
    EvidenceFactory(claim=claim, title="OHCHR casualty update")
    page = client_for(viewer).get(f"/claims/{claim.pk}/").content.decode()
    for text in [
        "at least 227 civilians killed",
        "admits undercount",
        "OHCHR casualty update",
        "Unverified",
    ]:
        assert text in page
    assert "Edit claim" not in page  # viewers read only


def test_who_gives_the_verdict_is_said_to_those_who_cannot(client_for, reporter, editor, claim):
    reporter_page = client_for(reporter).get(f"/claims/{claim.pk}/").content.decode()
    assert "Editors review claims and give the verdict." in reporter_page
    assert "You can help with evidence or a comment." in reporter_page
    editor_page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert "Editors review claims and give the verdict." not in editor_page


def test_missing_claim_is_404(client_for, viewer):
    assert client_for(viewer).get("/claims/999999/").status_code == 404


def test_reporter_adds_a_claim_with_a_new_claimant(client_for, reporter):
    response = client_for(reporter).post(
        "/claims/new/",
        {
            "statement": "Kherson is a city of 280,000.",
            "new_claimant_name": "The Associated Press",
            "new_claimant_kind": "media",
            "qualifier": "exact",
            "value": "280000",
            "counted": "residents",
            "place": "Kherson",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/"
    assert claim.claimant.name == "The Associated Press"
    assert claim.created_by == reporter


def test_viewer_cannot_open_the_new_claim_form(client_for, viewer):
    assert client_for(viewer).get("/claims/new/").status_code == 403


def edit_data(claim, **overrides):
    return {
        "statement": claim.statement,
        "claimant": claim.claimant_id,
        "new_claimant_kind": "other",
        "qualifier": claim.qualifier,
        "value": str(claim.value),
        "counted": claim.counted,
        "place": claim.place,
        "version": claim.version,
        **overrides,
    }


def test_editor_edits_a_claim(client_for, editor, claim):
    response = client_for(editor).post(f"/claims/{claim.pk}/edit/", edit_data(claim, place="Kyiv"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.place, claim.version) == ("Kyiv", 2)


def test_second_editor_gets_a_conflict_with_their_text_kept(client, editor, editor2, claim):
    stale_version = claim.version
    client.force_login(editor)
    client.post(f"/claims/{claim.pk}/edit/", edit_data(claim, place="Kyiv"))
    client.force_login(editor2)
    response = client.post(
        f"/claims/{claim.pk}/edit/",
        edit_data(claim, place="Lviv, as I typed it", version=stale_version),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "editor saved this claim" in page
    assert "Lviv, as I typed it" in page
    assert "Place" in page  # what differs is named
    claim.refresh_from_db()
    assert claim.place == "Kyiv"


def test_reporter_cannot_edit_someone_elses_claim(client_for, reporter):
    other = ClaimFactory()
    assert client_for(reporter).get(f"/claims/{other.pk}/edit/").status_code == 403


def test_locked_claim_edit_page_says_why(client_for, editor, claim):
    Claim.objects.filter(pk=claim.pk).update(status=Status.CONFIRMED)
    page = client_for(editor).get(f"/claims/{claim.pk}/edit/").content.decode()
    assert "locked" in page
    assert "reopen" in page
    assert 'name="statement"' not in page


def test_add_evidence_from_the_claim_page(client_for, reporter, claim):
    response = client_for(reporter).post(
        f"/claims/{claim.pk}/evidence/",
        {"url": "https://example.org/report", "title": "Report", "stance": "supports", "note": ""},
    )
    assert response.status_code == 302
    assert claim.evidence.get().title == "Report"


def test_bad_evidence_is_explained_and_not_saved(client_for, reporter, claim):
    client = client_for(reporter)
    response = client.post(
        f"/claims/{claim.pk}/evidence/", {"url": "javascript:alert(1)", "stance": "supports"}
    )
    assert response.status_code == 302  # to the claim page, which loads: never a POST-only URL
    page = client.get(response["Location"]).content.decode()
    assert "http:// or https://" in page
    assert 'value="javascript:alert(1)"' in page  # what was typed is kept
    assert not claim.evidence.exists()


def test_viewer_cannot_add_evidence(client_for, viewer, claim):
    response = client_for(viewer).post(
        f"/claims/{claim.pk}/evidence/", {"url": "https://example.org/", "stance": "supports"}
    )
    assert response.status_code == 403
    assert not claim.evidence.exists()


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_locked_edit_page_is_refused_to_people_who_could_never_edit_it(
    request, client_for, role, claim
):
    Claim.objects.filter(pk=claim.pk).update(status=Status.CONFIRMED)
    assert (
        client_for(request.getfixturevalue(role)).get(f"/claims/{claim.pk}/edit/").status_code
        == 403
    )


def test_edit_form_shows_the_unit_rule_next_to_the_unit(client_for, editor, claim):
    quantity = TrackedQuantityFactory(name="Civilians killed", unit="")
    Claim.objects.filter(pk=claim.pk).update(quantity=quantity, unit="")
    response = client_for(editor).post(f"/claims/{claim.pk}/edit/", edit_data(claim, unit="%"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["unit"] == [
        "This claim is filed under “Civilians killed”, counted in a count: "
        "detach it first or keep the unit."
    ]
    claim.refresh_from_db()
    assert (claim.unit, claim.version) == ("", 1)


# --- An editor's day (issue 13) ----------------------------------------------------------------


def test_the_claim_page_shows_one_timeline_of_content_and_status(client_for, editor, claim):
    from factcheck.claims import services
    from factcheck.workflow.services import transition_claim

    services.update_claim(
        claim=claim, actor=editor, data={"place": "Kherson city"}, expected_version=1
    )
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=2)
    page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    history = page[page.index('id="history-heading"') :]
    assert history.index("Unverified → In review") < history.index("Place changed")
    assert "Ukraine" in history and "Kherson city" in history
    assert " UTC</time>" in history  # times say their zone


def test_the_two_notes_on_the_claim_page_are_labelled_apart(client_for, editor, claim):
    from factcheck.workflow.services import transition_claim

    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    labels = re.findall(r"<label[^>]*>\s*([^<]*Note[^<]*?)\s*<", page)
    assert "Note on this evidence" in labels
    assert "Note for the history (workflow)" in labels
    assert "Note" not in labels


def test_every_claimant_name_on_the_claim_page_links_to_their_page(client_for, viewer, claim):
    page = client_for(viewer).get(f"/claims/{claim.pk}/").content.decode()
    link = f'<a href="/claimants/{claim.claimant_id}/">{escape(claim.claimant.name)}</a>'
    assert page.count(link) >= 2  # the heading and the details


def test_after_a_decision_the_next_claim_of_the_same_queue_is_offered(client_for, editor):
    from factcheck.workflow.services import transition_claim

    first, second = ClaimFactory(place="Mariupol"), ClaimFactory(place="Mariupol")
    ClaimFactory(place="Kyiv")
    transition_claim(claim=first, to_status="in_review", actor=editor, expected_version=1)
    EvidenceFactory(claim=first, stance="contradicts")
    queue = "q=Mariupol&status=unverified&status=in_review"
    client = client_for(editor)
    response = client.post(
        f"/claims/{first.pk}/transition/",
        {"to_status": "refuted", "version": "2", "note": "Wrong city.", "queue": queue},
    )
    assert response["Location"].startswith(f"/claims/{first.pk}/?queue=")
    page = client.get(response["Location"]).content.decode()
    assert "Next claim in the queue" in page
    assert f'href="/claims/{second.pk}/?queue=q%3DMariupol' in page


def test_add_another_claim_from_the_same_source(client_for, editor):
    from datetime import date

    claim = ClaimFactory(
        source_url="https://example.org/story",
        source_title="UN refugee count tops 1 million",
        source_date=date(2022, 3, 3),
    )
    client = client_for(editor)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'href="/claims/new/?source={claim.pk}"' in page
    form = client.get(f"/claims/new/?source={claim.pk}").content.decode()
    assert 'value="https://example.org/story"' in form
    assert 'value="UN refugee count tops 1 million"' in form
    assert 'value="2022-03-03"' in form


def refiling(claim, **changes):
    """The New claim form's fields for `claim` filed again (a factory claim), with `changes`."""
    return {
        "statement": claim.statement,
        "claimant": claim.claimant_id,
        "new_claimant_kind": "other",
        "qualifier": "at_least",
        "value": "227",
        "counted": "civilians killed",
        "as_of": "2022-03-01",
        **changes,
    }


def test_an_exact_duplicate_is_saved_only_once_confirmed(client_for, editor, claim):
    data = refiling(claim)
    client = client_for(editor)
    response = client.post("/claims/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This claim is already on the desk" in page
    assert f'href="/claims/{claim.pk}/"' in page
    assert Claim.objects.count() == 1
    response = client.post("/claims/new/", {**data, "save_duplicate": "1"})
    assert response.status_code == 302
    assert Claim.objects.count() == 2


def test_another_figure_from_the_same_sentence_is_not_a_duplicate(client_for, editor, claim):
    data = refiling(claim, value="400", counted="civilians wounded")
    response = client_for(editor).post("/claims/new/", data)
    assert response.status_code == 302
    assert Claim.objects.count() == 2


def test_a_refusal_on_the_claim_page_is_marked_to_be_brought_into_view(client_for, editor, claim):
    client = client_for(editor)
    response = client.post(
        f"/claims/{claim.pk}/transition/", {"to_status": "confirmed", "version": "1"}
    )
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'role="alert" data-focus-on-load tabindex="-1"', page)
    assert '<script src="/static/factcheck/claim.js" defer></script>' in page
