"""A claim's timeline: every status change and every content change, newest first, in two
queries whatever the length of the history."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist

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
    entries += [
        Entry(
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
