import pytest

from factcheck.models import Claim, Status, StatusChange
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def bulk(client, claims, **data):
    post = {"claims": [c.pk for c in claims], "back": "status=unverified&q=kyiv", **data}
    for claim in claims:
        post.setdefault(f"version_{claim.pk}", claim.version)
    return client.post("/claims/bulk/", post, follow=True)


def test_assign_several_claims(client_for, editor, editor2):
    claims = ClaimFactory.create_batch(3)
    response = bulk(client_for(editor), claims, action="assign", assignee=editor2.pk)
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 done, 0 refused" in page
    assert page.count("Assigned to editor2.") == 3
    assert set(Claim.objects.values_list("assigned_to", flat=True)) == {editor2.pk}
    assert 'href="/claims/?status=unverified&amp;q=kyiv"' in page  # back with the filters


def test_unassign(client_for, editor):
    claim = ClaimFactory(assigned_to=editor)
    bulk(client_for(editor), [claim], action="assign", assignee="none")
    claim.refresh_from_db()
    assert claim.assigned_to is None


def test_transition_goes_through_the_workflow_for_each_claim(client_for, editor):
    claims = ClaimFactory.create_batch(2)
    response = bulk(client_for(editor), claims, action="transition", to_status="in_review")
    assert "2 done, 0 refused" in response.content.decode()
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.status, claim.version) == (Status.IN_REVIEW, 2)
        change = StatusChange.objects.get(claim=claim)
        assert (change.from_status, change.to_status, change.actor) == (
            Status.UNVERIFIED,
            Status.IN_REVIEW,
            editor,
        )


def test_each_claim_is_reported_on_its_own(client_for, editor, editor2):
    ready = ClaimFactory(statement="Ready for review")
    moved_meanwhile = ClaimFactory(statement="Someone moved me")
    confirmed = ClaimFactory(statement="Already confirmed")
    Claim.objects.filter(pk=confirmed.pk).update(status=Status.CONFIRMED)
    seen = [ready, moved_meanwhile, confirmed]
    versions = {f"version_{c.pk}": c.version for c in seen}
    transition_claim(
        claim=moved_meanwhile, to_status=Status.IN_REVIEW, actor=editor2, expected_version=1
    )

    response = bulk(
        client_for(editor), seen, action="transition", to_status="in_review", **versions
    )
    page = response.content.decode()

    assert "1 done, 2 refused" in page
    assert "Unverified → In review." in page
    assert "editor2 changed this claim" in page  # stale: reported, not silently moved
    assert "Cannot reopen yet. A note is required" in page  # confirmed → in review reopens
    assert StatusChange.objects.filter(claim=moved_meanwhile).count() == 1
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


def test_guard_failures_say_what_is_missing(client_for, editor):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    response = bulk(client_for(editor), [claim], action="transition", to_status="confirmed")
    page = response.content.decode()
    assert "0 done, 1 refused" in page
    assert "Methodology notes are required" in page
    assert "supporting evidence" in page


def test_note_reaches_every_transition(client_for, editor):
    claims = ClaimFactory.create_batch(2)
    Claim.objects.update(status=Status.IN_REVIEW)
    bulk(
        client_for(editor), claims, action="transition", to_status="disputed", note="Sources differ"
    )
    assert list(StatusChange.objects.values_list("note", flat=True)) == ["Sources differ"] * 2


def test_a_row_without_its_version_is_refused(client_for, editor):
    claim = ClaimFactory()
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": [claim.pk], "action": "transition", "to_status": "in_review"},
        follow=True,
    )
    assert "reload the queue" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Status.UNVERIFIED


def test_a_deleted_claim_is_reported(client_for, editor):
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": [999999], "version_999999": 1, "action": "assign", "assignee": "none"},
        follow=True,
    )
    assert "no longer exists" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "assign", "assignee": "none"}, "Select at least one claim."),
        ({"claims": ["x"], "action": "assign", "assignee": "none"}, "not valid"),
        ({"claims": [1], "action": "assign", "assignee": ""}, "Choose who to assign"),
        ({"claims": [1], "action": "assign", "assignee": "999999"}, "does not exist"),
        ({"claims": [1], "action": "transition"}, "Choose the status"),
        ({"claims": [1], "action": "transition", "to_status": "gone"}, "Select a valid choice"),
        ({"claims": [1], "action": "delete"}, "Select a valid choice"),
    ],
)
def test_bad_requests_change_nothing_and_say_why(client_for, editor, data, message):
    claim = ClaimFactory()
    data = {key: [claim.pk] if value == [1] else value for key, value in data.items()}
    response = client_for(editor).post("/claims/bulk/", data, follow=True)
    assert response.status_code == 400
    assert message in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to) == (Status.UNVERIFIED, None)


def test_too_many_claims_at_once_is_refused(client_for, editor):
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": list(range(1, 202)), "action": "assign", "assignee": "none"},
        follow=True,
    )
    assert response.status_code == 400
    assert "at most 200" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_only_editors_act_in_bulk(client_for, role, request):
    claim = ClaimFactory()
    user = request.getfixturevalue(role)
    for action in (
        {"action": "assign", "assignee": "none"},
        {"action": "transition", "to_status": "in_review"},
    ):
        response = bulk(client_for(user), [claim], **action)
        assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Status.UNVERIFIED


def test_back_link_cannot_point_elsewhere(client_for, editor):
    claim = ClaimFactory()
    response = bulk(
        client_for(editor), [claim], action="assign", assignee="none", back="//evil.example/x"
    )
    page = response.content.decode()
    assert 'href="//evil.example' not in page
    assert 'href="/claims/?' in page


def test_the_result_is_a_page_that_loads_and_reloads_without_acting_again(client_for, editor):
    client = client_for(editor)
    assert client.get("/claims/bulk/")["Location"] == "/claims/"  # nothing done yet
    claim = ClaimFactory()
    data = {"claims": [claim.pk], f"version_{claim.pk}": claim.version}
    response = client.post(
        "/claims/bulk/", {**data, "action": "transition", "to_status": "in_review"}
    )
    assert (response.status_code, response["Location"]) == (302, "/claims/bulk/")
    for _ in range(2):  # reloading shows the same result and moves nothing again
        page = client.get("/claims/bulk/").content.decode()
        assert "1 done, 0 refused" in page
    assert StatusChange.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize("huge", ["99999999999999999999999", str(2**63), "0", "-4"])
def test_an_id_beyond_the_databases_range_is_refused_with_a_reason(client_for, editor, huge):
    claim = ClaimFactory()
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": [claim.pk, huge], "action": "assign", "assignee": "none"},
        follow=True,
    )
    assert response.status_code == 400
    assert f"No claim {huge}: claim ids run from 1 to 9223372036854775807." in (
        response.content.decode()
    )


def test_the_largest_id_the_database_holds_is_just_a_missing_claim(client_for, editor):
    response = client_for(editor).post(
        "/claims/bulk/",
        {"claims": [str(2**63 - 1)], "action": "assign", "assignee": "none"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This claim no longer exists." in response.content.decode()
