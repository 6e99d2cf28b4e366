"""Write the audit rows of content changes, and their events. Called only by the services that
make the change (claims.services, claims.assignment, tracker.services, ...), inside their
transaction and after the change itself is written (the event carries the claim as it is
then), so a change, its audit row and its event are written together or not at all.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import timezone

from factcheck.claims.figures import plain_number
from factcheck.events.services import actor_name, emit
from factcheck.models import Claim, ClaimChange, EventType, FieldChange
from factcheck.notifications import dispatch

# The event of a change to these audit-trail fields; any other field is a content edit, but
# a comment is discussion, not a change of the claim, and has no event.
FIELD_EVENTS = {
    "assigned_to": EventType.ASSIGNED,
    "quantity": EventType.ATTACHED,
    "comment": None,
}


def event_type(field: str, old: str) -> str | None:
    """The event of one audit row: evidence with nothing before it is added, else changed."""
    if field == "evidence":
        return EventType.EVIDENCE_CHANGED if old else EventType.EVIDENCE_ADDED
    return FIELD_EVENTS.get(field, EventType.CLAIM_EDITED)


def as_text(value) -> str:
    """A field's value as the audit trail keeps it: numbers unformatted and exact, dates ISO
    8601, people by user name, other objects by their name, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_username()
    return str(value)  # other objects (a claimant, a quantity) by their name


def record_change(*, claim, actor, field: str, old, new, note: str = "", at=None) -> ClaimChange:
    """Append one audit row: `actor` changed `field` of `claim` from `old` to `new` (any
    values; kept as text by `as_text`) at `at` (now if None); tell the claim's watchers
    (factcheck.notifications.dispatch) and write its event (FIELD_EVENTS)."""
    change = ClaimChange.objects.create(
        claim=claim,
        actor=actor,
        field=field,
        old_value=as_text(old),
        new_value=as_text(new),
        note=note,
        changed_at=at or timezone.now(),
    )
    dispatch.content_changed(claim=claim, actor=actor, changes=[change])
    if (type := event_type(field, change.old_value)) is not None:
        _emit(type, claim, actor, [change], note)
    return change


def record_edits(
    *, claim: Claim, actor, before: Mapping, after: Mapping, fields: Iterable[str], at=None
) -> list[ClaimChange]:
    """Append one audit row per field of `fields` whose value differs between `before` and
    `after` (mappings or objects with those attributes), all at the same instant; tell the
    claim's watchers once for them all, and write one `claim.edited` event listing them (none
    if nothing changed)."""
    rows = ClaimChange.objects.bulk_create(
        field_changes(
            ClaimChange,
            before=before,
            after=after,
            fields=fields,
            claim=claim,
            actor=actor,
            changed_at=at or timezone.now(),
        )
    )
    if rows:
        dispatch.content_changed(claim=claim, actor=actor, changes=rows)
        _emit(EventType.CLAIM_EDITED, claim, actor, rows, "")
    return rows


def field_changes(
    model: type[FieldChange], *, before: Mapping, after: Mapping, fields: Iterable[str], **common
) -> list[FieldChange]:
    """Unsaved `model` rows, one per field of `fields` whose value differs (as text, by
    `as_text`) between `before` and `after` (mappings or objects with those attributes);
    `common` gives each row the rest (its subject, actor and changed_at)."""
    rows = []
    for field in fields:
        old, new = as_text(_value(before, field)), as_text(_value(after, field))
        if old != new:
            rows.append(model(field=field, old_value=old, new_value=new, **common))
    return rows


def _emit(type, claim, actor, changes, note):
    emit(
        type=type,
        claim=claim,
        data={
            "actor": actor_name(actor),
            "note": note,
            "changes": [
                {"field": c.field, "from": c.old_value, "to": c.new_value} for c in changes
            ],
        },
        at=changes[0].changed_at,
    )


def _value(source, field):
    return source[field] if isinstance(source, Mapping) else getattr(source, field)
