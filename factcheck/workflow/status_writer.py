"""The one place a claim's status is written.

`Claim.save()` refuses a changed status, and `tests/workflow/test_status_writes.py` reads the
source to make sure no other code writes one. Both callers, `transition_claim` and the
imports' `record_imported_status`, come here inside their own transaction after their checks,
so the status, the version, the audit row, the watchers' notifications and the
`claim.status_changed` event are written together.
"""

from django.db.models import F
from django.utils import timezone

from factcheck.events.services import actor_name, emit
from factcheck.models import Claim, EventType, StatusChange
from factcheck.notifications import dispatch


def write_status(
    *,
    claim,
    to_status,
    actor,
    note="",
    recorded_verifier="",
    recorded_status="",
    recorded_at=None,
    **fields,
):
    """Set `claim`'s status to `to_status`, bump its version, and append the audit row and
    the event.

    `claim` is the row as locked by the caller (select_for_update), `actor` the user making
    the write: it becomes `updated_by` and the audit row's actor (a verdict is never recorded
    in the name of another local user). The audit row's `changed_at` is always now (on
    PostgreSQL the database refuses any other time from the app's role: migration 0020);
    `recorded_verifier`, `recorded_status` and `recorded_at` keep an imported verdict's maker,
    verdict and time as its file records them. `fields` are any other columns the same
    UPDATE sets (e.g. the assignee when a review starts). Must run inside a transaction.
    Returns the audit row; callers refresh the claim.
    """
    now = timezone.now()
    Claim.objects.filter(pk=claim.pk).update(
        status=to_status,
        version=F("version") + 1,
        updated_by=actor,
        updated_at=now,
        **fields,
    )
    change = StatusChange.objects.create(
        claim=claim,
        from_status=claim.status,
        to_status=to_status,
        actor=actor,
        note=note,
        changed_at=now,
        recorded_verifier=recorded_verifier,
        recorded_status=recorded_status,
        recorded_at=recorded_at,
    )
    dispatch.status_changed(
        claim=claim,
        actor=actor,
        from_status=claim.status,
        to_status=to_status,
        assignee=fields.get("assigned_to"),
    )
    emit(
        type=EventType.STATUS_CHANGED,
        claim=claim,
        data={
            "from_status": claim.status,
            "to_status": to_status,
            "actor": actor_name(actor),
            "recorded_verifier": recorded_verifier,
            "note": note,
        },
        at=now,
    )
    return change
