"""The claim page's workflow buttons and their answers."""

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Claim, EvidenceStance, Status, StatusChange
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def in_review(claim):
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    claim.refresh_from_db()
    return claim


def post_transition(client, claim, to_status, note="", version=None):
    return client.post(
        f"/claims/{claim.pk}/transition/",
        {
            "to_status": to_status,
            "note": note,
            "version": claim.version if version is None else version,
        },
    )


def test_editor_sees_one_button_per_transition_from_here(client_for, editor, claim):
    page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert ">Start review</button>" in page
    assert ">Confirm</button>" not in page
    page = client_for(editor).get(f"/claims/{in_review(claim).pk}/").content.decode()
    for label in ["Confirm", "Dispute", "Mark unverifiable", "Refute", "Return to queue"]:
        assert f">{label}</button>" in page
    assert ">Start review</button>" not in page


@pytest.mark.parametrize("role", ["reporter", "viewer"])
def test_reporters_and_viewers_see_no_buttons(request, client_for, role, claim):
    page = (
        client_for(request.getfixturevalue(role))
        .get(f"/claims/{in_review(claim).pk}/")
        .content.decode()
    )
    assert ">Confirm</button>" not in page
    assert "Verification actions" not in page


def test_start_review_from_the_page(client_for, editor, claim):
    response = post_transition(client_for(editor), claim, Status.IN_REVIEW)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to) == (Status.IN_REVIEW, editor)
    page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert "Unverified → In review" in page
    assert "Set by editor" in page


def refused_then_shown(client, response, claim):
    """A refused move redirects to the claim page (never a POST-only address), which shows the
    refusal once; the page the redirect leads to."""
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#workflow-heading"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_guard_failure_says_what_is_missing_and_keeps_the_note(client_for, editor, claim):
    claim = in_review(claim)
    client = client_for(editor)
    response = post_transition(client, claim, Status.CONFIRMED, note="My careful note")
    page = refused_then_shown(client, response, claim)
    assert "Cannot confirm yet" in page
    assert "Methodology notes are required" in page
    assert "At least one supporting evidence item is required" in page
    assert "My careful note" in page
    assert not StatusChange.objects.exists()


def test_stale_page_gets_409_with_the_note_kept(client, editor, editor2, claim):
    old_version = claim.version
    client.force_login(editor)
    post_transition(client, claim, Status.IN_REVIEW)
    client.force_login(editor2)
    response = post_transition(
        client, claim, Status.IN_REVIEW, note="Typed before it moved", version=old_version
    )
    page = refused_then_shown(client, response, claim)
    assert "editor changed this claim" in page
    assert "Typed before it moved" in page
    assert StatusChange.objects.count() == 1


def test_transition_not_in_the_table_is_refused_on_the_claim_page(client_for, editor, claim):
    client = client_for(editor)
    response = post_transition(client, claim, Status.CONFIRMED)
    assert "cannot go from Unverified to Confirmed" in refused_then_shown(client, response, claim)


def test_a_refusal_is_shown_once_and_focused(client_for, editor, claim):
    client = client_for(editor)
    refused_then_shown(client, post_transition(client, claim, Status.CONFIRMED), claim)
    again = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "cannot go from" not in again
    assert "data-focus-on-load" not in again


def test_reporter_gets_403(client_for, reporter, claim):
    assert post_transition(client_for(reporter), claim, Status.IN_REVIEW).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Status.UNVERIFIED


@pytest.mark.parametrize(
    "data", [{}, {"to_status": "done", "version": "1"}, {"to_status": "in_review", "version": "x"}]
)
def test_garbled_post_is_explained_on_the_claim_page(client_for, editor, claim, data):
    client = client_for(editor)
    page = refused_then_shown(client, client.post(f"/claims/{claim.pk}/transition/", data), claim)
    assert "That action was not understood." in page
    assert StatusChange.objects.count() == 0


def test_transitions_are_post_only(client_for, editor, claim):
    assert client_for(editor).get(f"/claims/{claim.pk}/transition/").status_code == 405


def test_editor_assigns_and_reporter_cannot(client_for, editor, editor2, reporter, claim):
    response = client_for(editor).post(f"/claims/{claim.pk}/assign/", {"assigned_to": editor2.pk})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assigned_to == editor2
    assert (
        client_for(reporter).post(f"/claims/{claim.pk}/assign/", {"assigned_to": ""}).status_code
        == 403
    )
    claim.refresh_from_db()
    assert claim.assigned_to == editor2


def test_admin_action_goes_through_the_service(client_for, superuser):
    ready = ClaimFactory(methodology_notes="Checked.")
    EvidenceFactory(claim=ready, stance=EvidenceStance.SUPPORTS)
    not_ready = ClaimFactory(methodology_notes="")
    Claim.objects.filter(pk__in=[ready.pk, not_ready.pk]).update(status=Status.IN_REVIEW)
    response = client_for(superuser).post(
        "/admin/factcheck/claim/",
        {"action": "transition_confirm", "_selected_action": [ready.pk, not_ready.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Confirm: 1 claim(s) moved." in page
    assert f"Claim {not_ready.pk}: Cannot confirm yet." in page
    assert Claim.objects.get(pk=ready.pk).status == Status.CONFIRMED
    assert Claim.objects.get(pk=not_ready.pk).status == Status.IN_REVIEW
    assert StatusChange.objects.count() == 1


def test_management_command_obeys_the_same_rules(editor, reporter, claim):
    call_command(
        "transition_claim", claim.pk, "in_review", user="editor", expected_version=1, verbosity=0
    )
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    with pytest.raises(CommandError, match="Cannot confirm yet"):
        call_command("transition_claim", claim.pk, "confirmed", user="editor", expected_version=2)
    with pytest.raises(CommandError, match="permission"):
        call_command(
            "transition_claim", claim.pk, "unverified", user="reporter", expected_version=2
        )
    with pytest.raises(
        CommandError, match="editor changed this claim .*: moved it from Unverified to In review"
    ):
        call_command("transition_claim", claim.pk, "unverified", user="editor", expected_version=1)
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (Status.IN_REVIEW, 2)
