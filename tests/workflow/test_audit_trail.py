"""The audit trail cannot be rewritten: PROTECT from claims and users, read-only in the admin,
and triggers that refuse UPDATE and DELETE (migration 0004 on PostgreSQL, 0006 on SQLite)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import ProtectedError

from factcheck.models import StatusChange
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimFactory, UserFactory


@pytest.fixture
def change(claim, editor):
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    return StatusChange.objects.get(claim=claim)


def refused(action):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        action()


def test_trigger_refuses_an_edited_note(change):
    change.note = "Nothing happened here."
    refused(change.save)
    change.refresh_from_db()
    assert change.note == ""


def test_trigger_refuses_a_bulk_update(change, viewer):
    refused(lambda: StatusChange.objects.update(actor=viewer))
    refused(lambda: StatusChange.objects.filter(pk=change.pk).update(to_status="confirmed"))
    change.refresh_from_db()
    assert (change.to_status, change.actor.username) == ("in_review", "editor")


def test_trigger_refuses_delete(change):
    refused(change.delete)
    refused(StatusChange.objects.all().delete)
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_trigger_lets_an_unchanged_row_be_saved_again(change):
    """loaddata re-saves existing rows as they are; that must keep working."""
    change.save()
    StatusChange.objects.filter(pk=change.pk).update(note="")
    assert StatusChange.objects.get(pk=change.pk).note == ""


def test_demo_loads_twice_with_the_trigger_in_place(db, settings):
    settings.DEBUG = True
    call_command("create_demo_users", verbosity=0)
    call_command("loaddata", "demo", verbosity=0)
    count = StatusChange.objects.count()
    call_command("loaddata", "demo", verbosity=0)
    assert StatusChange.objects.count() == count > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_the_trail_and_leaves_the_triggers_in_place(claim, editor):
    """`flush` (every transactional test's teardown) empties the whole database: TRUNCATE on
    PostgreSQL, DELETE on SQLite with the triggers lifted for it and put back."""
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not StatusChange.objects.exists()

    claim = ClaimFactory(created_by=UserFactory(username="reporter"))
    editor = UserFactory(username="boss", is_superuser=True)  # the flush took the groups too
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    change = StatusChange.objects.get()
    refused(change.delete)
    refused(lambda: StatusChange.objects.update(note="rewritten"))
    assert StatusChange.objects.get().note == ""


def test_new_rows_are_still_written(change, editor):
    claim = change.claim
    transition_claim(claim=claim, to_status="unverified", actor=editor, expected_version=2)
    assert claim.status_changes.count() == 2


def test_a_claim_with_history_cannot_be_deleted(change):
    with pytest.raises((ProtectedError, IntegrityError)):
        change.claim.delete()
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_the_actor_of_a_change_cannot_be_deleted(change):
    with pytest.raises((ProtectedError, IntegrityError)):
        change.actor.delete()


def test_admin_offers_no_way_to_change_or_delete_history(client, superuser, change):
    client.force_login(superuser)
    base = f"/admin/factcheck/statuschange/{change.pk}"
    page = client.get(f"{base}/change/").content.decode()
    assert 'type="submit"' not in page or "Save" not in page
    assert client.get(f"{base}/delete/").status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        "/admin/factcheck/statuschange/",
        {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert StatusChange.objects.filter(pk=change.pk).exists()
