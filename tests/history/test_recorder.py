"""Every change of a claim's content and filing is recorded: who, when, which field, old and
new; and the record cannot be rewritten."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from factcheck.claims import services
from factcheck.claims.assignment import assign_claim
from factcheck.discussion import services as discussion
from factcheck.discussion.models import audit_note, read_audit_note
from factcheck.errors import StaleClaimError
from factcheck.history.timeline import claim_timeline
from factcheck.models import ClaimChange
from factcheck.tracker.services import attach_claims
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory, UserFactory

pytestmark = pytest.mark.django_db


def changes(claim):
    return [
        (c.field, c.old_value, c.new_value, c.actor.username) for c in claim.changes.order_by("id")
    ]


def test_an_edit_records_each_field_it_changed_and_only_those(editor, claim):
    unhcr = ClaimantFactory(name="UNHCR")
    services.update_claim(
        claim=claim,
        actor=editor,
        data={
            "value": Decimal("12500"),
            "place": "Kharkiv",
            "claimant": unhcr,
            "counted": claim.counted,
        },
        expected_version=1,
    )
    assert sorted(changes(claim)) == sorted(
        [
            ("value", "227", "12500", "editor"),
            ("place", "Ukraine", "Kharkiv", "editor"),
            ("claimant", claim.claimant.name, "UNHCR", "editor"),
        ]
    )


def test_a_refused_edit_records_nothing(editor, claim):
    with pytest.raises(StaleClaimError):
        services.update_claim(claim=claim, actor=editor, data={"place": "X"}, expected_version=9)
    assert not ClaimChange.objects.exists()


def test_evidence_assignment_and_filing_are_recorded(editor, editor2, claim):
    services.add_evidence(
        claim=claim, actor=editor, url="https://example.org/report", stance="supports"
    )
    assign_claim(claim=claim, assignee=editor2, actor=editor)
    assign_claim(claim=claim, assignee=editor2, actor=editor)  # no change, no row
    quantity = TrackedQuantityFactory(name="Civilians killed in Ukraine")
    attach_claims(claim_ids=[claim.pk], quantity=quantity, actor=editor)
    assert changes(claim) == [
        ("evidence", "", "supports: https://example.org/report", "editor"),
        ("assigned_to", "", "editor2", "editor"),
        ("quantity", "", "Civilians killed in Ukraine", "editor"),
    ]


def test_the_timeline_merges_status_and_content_newest_first(editor, claim):
    services.update_claim(claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=1)
    claim.refresh_from_db()
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=2)
    timeline = claim_timeline(claim)
    assert [(e.kind, e.label) for e in timeline] == [
        ("status", "Unverified → In review"),
        ("content", "assigned to"),  # taken on starting the review, at the same instant
        ("content", "place"),
    ]


def test_the_timeline_shows_comments_by_what_happened_never_a_hidden_or_deleted_ones_text(
    editor, editor2, claim
):
    shown = discussion.post_comment(claim=claim, author=editor, body="Called OHCHR")
    gone = discussion.post_comment(claim=claim, author=editor, body="Wrong thread")
    discussion.delete_comment(comment=gone, actor=editor)
    hidden = discussion.post_comment(claim=claim, author=editor2, body="Their phone: 0123")
    discussion.hide_comment(comment=hidden, actor=editor, reason="A phone number")
    # A row no service wrote (say, by hand in a console) names no comment: no text either.
    ClaimChange.objects.create(claim=claim, actor=editor, field="comment", new_value="0123 again")
    rows = [
        (e.label, e.old, e.new, e.note, e.text_hidden, e.anchor)
        for e in reversed(claim_timeline(claim))
    ]
    assert rows == [
        ("comment posted", "", "Called OHCHR", "", False, f"comment-{shown.pk}"),
        ("comment posted", "", "", "", True, ""),  # its author took it back: no text
        ("comment deleted", "", "", "", True, ""),
        ("comment posted", "", "", "", True, f"comment-{hidden.pk}"),
        ("comment hidden", "", "", "A phone number", True, f"comment-{hidden.pk}"),
        ("comment changed", "", "", "", True, ""),
    ]


def test_a_comments_audit_note_reads_back_as_written():
    for action, reason in [("posted", ""), ("edited", ""), ("deleted", ""), ("hidden", "a: b")]:
        note = audit_note(12, action, reason)
        assert read_audit_note(note) == (12, action, reason)
    assert audit_note(12) == "Comment 12" and audit_note(3, "hidden", "Spam") == (
        "Comment 3 hidden: Spam"
    )
    assert read_audit_note("Imported from claims.csv") is None


def refused(action):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        action()


def test_content_history_cannot_be_rewritten(editor, viewer, claim):
    services.update_claim(claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=1)
    row = ClaimChange.objects.get()
    row.new_value = "Lviv"
    refused(row.save)
    refused(lambda: ClaimChange.objects.update(actor=viewer))
    refused(ClaimChange.objects.all().delete)
    row.refresh_from_db()
    assert (row.new_value, row.actor) == ("Kyiv", editor)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_content_history_and_keeps_its_triggers():
    editor = UserFactory(username="boss", is_superuser=True)
    claim = ClaimFactory(created_by=editor)
    services.update_claim(claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=1)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not ClaimChange.objects.exists()
    editor = UserFactory(username="boss", is_superuser=True)
    claim = ClaimFactory(created_by=editor)
    services.update_claim(claim=claim, actor=editor, data={"place": "Lviv"}, expected_version=1)
    refused(ClaimChange.objects.all().delete)


def test_starting_a_review_records_who_took_the_claim(editor, claim):
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    assert changes(claim) == [("assigned_to", "", "editor", "editor")]
