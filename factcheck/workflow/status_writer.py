"""The one place a claim's status is written.

`Claim.save()` refuses a changed status, and `tests/workflow/test_status_writes.py` reads the
source to make sure no other code writes one. Both callers, `transition_claim` and the
imports' `record_imported_status` (one claim; the importer's batch writer uses
`write_new_claims_statuses` below), come here inside their own transaction after their checks,
so the status, the version, the audit row, the watchers' notifications and the
`claim.status_changed` event are written together. `write_new_claims_statuses` does the same
in bulk for the claims an import has just created (`imports.batch_writer`).
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
    change = _audit_row(
        claim_id=claim.pk,
        from_status=claim.status,
        to_status=to_status,
        actor=actor,
        note=note,
        at=now,
        recorded=(recorded_verifier, recorded_status, recorded_at),
    )
    change.claim = claim  # callers read the row's claim: no second query for it
    change.save()
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


def write_new_claims_statuses(*, verdicts, actor, at=None):
    """`write_status` for many claims just created by one import, in bulk: `verdicts` is a
    list of (claim id, to_status, note, recorded_verifier, recorded_status, recorded_at),
    each claim unverified with no audit row yet (the caller created it in this transaction).

    Writes what write_status writes for each: the status, version + 1, `updated_by` and
    `updated_at`, and the audit row from unverified, in `actor`'s name, at `at` (now if
    None; 0020 refuses any other time on PostgreSQL). No notification: a claim this import
    created is watched only by the importer, who is never told of their own writes. No event:
    the batch writer emits one `claim.imported` per claim (events.services.emit_many).
    Returns the audit rows."""
    from factcheck.models import Status

    now = at or timezone.now()
    changes = StatusChange.objects.bulk_create(
        [
            _audit_row(
                claim_id=claim_id,
                from_status=Status.UNVERIFIED,
                to_status=to_status,
                actor=actor,
                note=note,
                at=now,
                recorded=recorded,
            )
            for claim_id, to_status, note, *recorded in verdicts
        ],
        batch_size=1000,
    )
    by_status = {}
    for claim_id, to_status, *_ in verdicts:
        by_status.setdefault(to_status, []).append(claim_id)
    for to_status, claim_ids in by_status.items():
        for start in range(0, len(claim_ids), 1000):
            Claim.objects.filter(
                pk__in=claim_ids[start : start + 1000], status=Status.UNVERIFIED
            ).update(status=to_status, version=F("version") + 1, updated_by=actor, updated_at=now)
    return changes


def _audit_row(*, claim_id, from_status, to_status, actor, note, at, recorded):
    """The unsaved StatusChange for one status write; `recorded` is an imported verdict's
    (verifier, status, time) as its file gives them, or ("", "", None)."""
    recorded_verifier, recorded_status, recorded_at = recorded
    return StatusChange(
        claim_id=claim_id,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        changed_at=at,
        recorded_verifier=recorded_verifier,
        recorded_status=recorded_status,
        recorded_at=recorded_at,
    )
