"""A claim's timeline: every status change and every content change, newest first, in three
queries whatever the length of the history.

A comment's rows say what happened to it (posted, edited, deleted, hidden) and, while it is
in the thread, its text before and after. Once an editor hides a comment, or its author
deletes it, its text is off the claim page everywhere, this timeline included: every row of
that comment (its posting, its edits, its hiding or deletion) shows who did what, when, and
why it was hidden, not the words. An author deletes a comment to take words back (a phone
number posted in the wrong thread): showing them in the history would undo that. The words
stay in the audit trail (ClaimChange rows, the admin's audit pages, staff only)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist

from factcheck.discussion.models import read_audit_note
from factcheck.models import Claim, Status

# How each recorded field is named on the page.
FIELD_LABELS = {
    "evidence": "evidence",
    "assigned_to": "assigned to",
    "quantity": "tracked quantity",
    "comment": "comment",
    # a correction of the claimant itself (factcheck.claims.claimants)
    "claimant_kind": "claimant's kind",
    "claimant_url": "claimant's website",
}


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: who did what when. `kind` is "status" or "content"."""

    at: datetime
    actor: object
    kind: str
    field: str  # for content: the field name; for status: ""
    label: str  # the field's name in words, or the move ("In review → Confirmed")
    old: str
    new: str
    note: str
    order: int  # the row id, to keep rows of the same instant in the order they were written
    text_hidden: bool = False  # a hidden comment's row: `old` and `new` are blanked
    anchor: str = ""  # a comment still in the thread: its anchor on the claim page


def field_label(field: str) -> str:
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    try:
        return str(Claim._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the model: its name will do
        return field.replace("_", " ")


def claim_timeline(claim) -> list[Entry]:
    """Every recorded change of `claim`, newest first."""
    entries = [
        Entry(
            at=change.changed_at,
            actor=change.actor,
            kind="status",
            field="",
            label=f"{Status(change.from_status).label} → {Status(change.to_status).label}",
            old=change.from_status,
            new=change.to_status,
            note=change.note,
            order=change.pk,
        )
        for change in claim.status_changes.select_related("actor")
    ]
    hidden_at = dict(claim.comments.values_list("pk", "hidden_at"))
    entries += [
        _comment_entry(change, hidden_at)
        if change.field == "comment"
        else Entry(
            at=change.changed_at,
            actor=change.actor,
            kind="content",
            field=change.field,
            label=field_label(change.field),
            old=change.old_value,
            new=change.new_value,
            note=change.note,
            order=change.pk,
        )
        for change in claim.changes.select_related("actor")
    ]
    return sorted(entries, key=lambda e: (e.at, e.kind == "status", e.order), reverse=True)


def _comment_entry(change, hidden_at) -> Entry:
    """A comment's audit row as the page may show it. `hidden_at`: {comment id: when it was
    hidden, or None} of the comments still in the thread (a deleted one is not)."""
    note = read_audit_note(change.note)
    # A row whose note names no comment is shown without its text: nothing says it is not
    # the text of a hidden or deleted comment.
    text_hidden = (
        note is None
        or note.comment_id not in hidden_at  # deleted
        or hidden_at[note.comment_id] is not None
    )
    return Entry(
        at=change.changed_at,
        actor=change.actor,
        kind="content",
        field=change.field,
        label=f"comment {note.action}" if note else "comment changed",
        old="" if text_hidden else change.old_value,
        new="" if text_hidden else change.new_value,
        note=note.reason if note else "",
        order=change.pk,
        text_hidden=text_hidden,
        anchor=f"comment-{note.comment_id}" if note and note.comment_id in hidden_at else "",
    )
