"""The one place a claim's status is written.

`Claim.save()` refuses a changed status, and `tests/workflow/test_status_writes.py` reads the
source to make sure no other code writes one. Both callers, `transition_claim` and the
imports' `record_imported_status`, come here inside their own transaction after their checks,
so the status, the version, the audit row and the `claim.status_changed` event are written
together.
"""

from django.db.models import F
from django.utils import timezone

from factcheck.events.services import actor_name, emit
from factcheck.models import Claim, EventType, StatusChange


def write_status(*, claim, to_status, actor, verifier=None, note="", changed_at=None, **fields):
    """Set `claim`'s status to `to_status`, bump its version, append the audit row and the
    event.

    `claim` is the row as locked by the caller (select_for_update), `actor` the user making
    the write (it becomes `updated_by`), `verifier` whoever the audit row names (the actor
    unless an import restores someone else's verdict), `changed_at` the audit row's time
    (now unless restored), and `fields` any other column the same UPDATE sets (e.g. the
    assignee when a review starts). Must run inside a transaction. Returns nothing: callers
    refresh the claim.
    """
    now = timezone.now()
    Claim.objects.filter(pk=claim.pk).update(
        status=to_status,
        version=F("version") + 1,
        updated_by=actor,
        updated_at=now,
        **fields,
    )
    StatusChange.objects.create(
        claim=claim,
        from_status=claim.status,
        to_status=to_status,
        actor=verifier or actor,
        note=note,
        changed_at=changed_at or now,
    )
    emit(
        type=EventType.STATUS_CHANGED,
        claim=claim,
        data={
            "from_status": claim.status,
            "to_status": to_status,
            "actor": actor_name(verifier or actor),
            "note": note,
        },
        at=now,
    )
