"""Evidence can be changed, re-classified and removed by editors and by whoever added it, while
the claim is open; each change lands in the claim's history, removal included."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from factcheck.claims import services
from factcheck.errors import ClaimLockedError, NotPermitted
from factcheck.models import Claim, ClaimChange, Evidence, EvidenceStance, Status
from tests.factories import EvidenceFactory, UserFactory, give_verdict

pytestmark = pytest.mark.django_db

URL = "https://data.unhcr.org/en/situations/ukraine"


def imported(claim, by):
    """Evidence as the importer leaves it: stance "context"."""
    return EvidenceFactory(
        claim=claim, url=URL, title="", stance=EvidenceStance.CONTEXT, added_by=by
    )


def test_an_editor_reclassifies_imported_evidence_and_it_is_recorded(editor, claim):
    item = imported(claim, editor)
    services.change_evidence(evidence=item, actor=editor, data={"stance": "supports"})
    item.refresh_from_db()
    assert item.stance == EvidenceStance.SUPPORTS
    change = ClaimChange.objects.get(claim=claim)
    assert (change.field, change.old_value, change.new_value, change.actor) == (
        "evidence",
        f"context: {URL}",
        f"supports: {URL}",
        editor,
    )


def test_the_reporter_who_added_it_may_change_it_others_may_not(reporter, claim):
    item = imported(claim, reporter)
    services.change_evidence(evidence=item, actor=reporter, data={"title": "UNHCR portal"})
    other = UserFactory(username="reporter2", role="Reporter")
    with pytest.raises(NotPermitted):
        services.change_evidence(evidence=item, actor=other, data={"title": "Mine now"})
    with pytest.raises(NotPermitted):
        services.remove_evidence(evidence=item, actor=other)
    item.refresh_from_db()
    assert item.title == "UNHCR portal"


def test_removal_keeps_what_the_item_was_in_the_history(editor, claim):
    item = EvidenceFactory(
        claim=claim, url=URL, title="Portal", note="Daily figures", added_by=editor
    )
    services.remove_evidence(evidence=item, actor=editor)
    assert not Evidence.objects.exists()
    change = ClaimChange.objects.get(claim=claim)
    assert change.old_value == f"supports: {URL} (Portal) Daily figures"
    assert change.new_value == ""


def test_evidence_of_a_claim_with_a_verdict_stays_as_it_is(editor, claim):
    item = imported(claim, editor)
    give_verdict(claim, Status.CONFIRMED, editor)
    with pytest.raises(ClaimLockedError):
        services.change_evidence(evidence=item, actor=editor, data={"stance": "supports"})
    with pytest.raises(ClaimLockedError):
        services.remove_evidence(evidence=item, actor=editor)
    assert Evidence.objects.get().stance == EvidenceStance.CONTEXT


def test_a_claim_with_evidence_cannot_be_deleted_behind_the_historys_back(claim):
    from django.db.models import ProtectedError

    EvidenceFactory(claim=claim)
    with pytest.raises(ProtectedError):
        Claim.objects.filter(pk=claim.pk).delete()


def test_the_admin_removes_evidence_through_the_service(superuser, claim):
    item = EvidenceFactory(claim=claim, url=URL)
    request = RequestFactory().post("/admin/")
    request.user = superuser
    request._messages = []  # the admin's delete does not message on success
    site._registry[Evidence].delete_queryset(request, Evidence.objects.filter(pk=item.pk))
    assert not Evidence.objects.exists()
    assert ClaimChange.objects.get(claim=claim).old_value.startswith(f"supports: {URL}")


# --- The claim page ------------------------------------------------------------------------------


def test_the_claim_page_offers_change_and_remove_to_whom_it_may(
    client_for, reporter, viewer, claim
):
    item = imported(claim, reporter)
    page = client_for(reporter).get(f"/claims/{claim.pk}/").content.decode()
    assert f'action="/claims/{claim.pk}/evidence/{item.pk}/"' in page
    assert "Remove this evidence" in page
    page = client_for(viewer).get(f"/claims/{claim.pk}/").content.decode()
    assert "Remove this evidence" not in page


def test_change_and_remove_from_the_claim_page(client_for, editor, claim):
    item = imported(claim, editor)
    client = client_for(editor)
    prefix = f"evidence-{item.pk}"
    response = client.post(
        f"/claims/{claim.pk}/evidence/{item.pk}/",
        {f"{prefix}-url": URL, f"{prefix}-stance": "supports", f"{prefix}-title": "Portal"},
    )
    assert response["Location"] == f"/claims/{claim.pk}/#evidence-{item.pk}"
    item.refresh_from_db()
    assert (item.stance, item.title) == ("supports", "Portal")
    response = client.post(f"/claims/{claim.pk}/evidence/{item.pk}/remove/")
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Evidence removed" in page
    assert "No evidence yet." in page
    history = page[page.index('id="history-heading"') :]
    assert "Evidence removed" in history and "Evidence changed" in history


def test_a_bad_link_is_explained_on_the_claim_page_and_nothing_changes(client_for, editor, claim):
    item = imported(claim, editor)
    client = client_for(editor)
    prefix = f"evidence-{item.pk}"
    response = client.post(
        f"/claims/{claim.pk}/evidence/{item.pk}/",
        {f"{prefix}-url": "javascript:alert(1)", f"{prefix}-stance": "supports"},
        follow=True,
    )
    assert "The evidence was not changed." in response.content.decode()
    item.refresh_from_db()
    assert item.url == URL
