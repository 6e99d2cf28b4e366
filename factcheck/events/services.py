"""Write events: `emit`, called by the one place each kind of change is written.

Callers: `workflow.status_writer.write_status` (status changed), `history.recorder` (content
edited, evidence added, assigned, attached to a quantity), `claims.services.create_claim`
(created), `claims.claimants.change_claimant` (a claimant corrected: edited, with `emit_many`)
and `imports.batch_writer` (imported, with `emit_many`). They call it inside the
transaction that writes the change, so an event exists exactly when its change committed: a
rolled-back change leaves none, a committed one cannot lose it. Delivery picks up committed
events only; `transaction.on_commit` merely wakes a worker, it never writes an event.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.utils import timezone

from factcheck.events.payloads import claim_representation, claim_representations, to_json
from factcheck.models import Event, EventType
from factcheck.webhooks.delivery import queue_deliveries, queue_deliveries_of
from factcheck.webhooks.tasks import wake_delivery

# Inside `folded()`, emit() writes nothing: its caller writes one event for the whole change.
_folded: ContextVar[bool] = ContextVar("factcheck_events_folded", default=False)


@contextmanager
def folded() -> Iterator[None]:
    """Fold the events of the writes made inside into one that the caller emits afterwards:
    the importer makes one `claim.imported` event per claim, not a created, evidence and
    status event each (their audit rows are still written one by one)."""
    token = _folded.set(True)
    try:
        yield
    finally:
        _folded.reset(token)


def emit(*, type: EventType, claim, data: dict, at=None) -> Event | None:
    """Append an event of `type` about `claim` (a Claim or its id): `data` (plain values,
    e.g. {"from_status": ..., "to_status": ..., "actor": "alice", "note": ""}) plus the claim
    as stored now under "claim", as the webhook body's `data`. Queues a delivery for each
    subscription that wants `type`. Must run inside the transaction that writes the change
    (raises RuntimeError otherwise: an event written outside it could outlive a rollback).
    Returns the event, or None inside `folded()`."""
    if _folded.get():
        return None
    if not connection.in_atomic_block:
        raise RuntimeError("emit() runs inside the transaction that writes the change.")
    claim_id = getattr(claim, "pk", claim)
    representation = claim_representation(claim_id)
    event = Event.objects.create(
        type=type,
        claim_id=claim_id,
        occurred_at=at or timezone.now(),
        data=to_json({"claim": representation, **data}),
    )
    if queue_deliveries(event):
        _wake_delivery_once()
    return event


def emit_many(*, type: EventType, data_by_claim: dict, at=None) -> list[Event]:
    """`emit` for many claims at once, in a few queries: one event of `type` per item of
    `data_by_claim` (claim id -> `data`, as for emit), all at `at` (now if None), each
    carrying its claim as stored now, written with bulk inserts in that order. Same rules as
    emit (inside the transaction; nothing inside `folded()`). Returns the events."""
    if _folded.get():
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("emit() runs inside the transaction that writes the change.")
    at = at or timezone.now()
    representations = claim_representations(data_by_claim)
    events = Event.objects.bulk_create(
        [
            Event(
                type=type,
                claim_id=claim_id,
                occurred_at=at,
                data=to_json({"claim": representations[claim_id], **data}),
            )
            for claim_id, data in data_by_claim.items()
        ]
    )
    if queue_deliveries_of(events):
        _wake_delivery_once()
    return events


def actor_name(user) -> str | None:
    return user.get_username() if user is not None else None


def _wake_delivery_once():
    """After commit, wake a worker to deliver; once per transaction however many events."""
    # connection.run_on_commit holds (savepoint ids, function, robust) for this transaction.
    if any(func is wake_delivery for _, func, _ in connection.run_on_commit):
        return
    # robust: the change has committed; a queue that is down must not turn it into an error
    # page. The delivery is in the database and the next wake-up or worker start sends it.
    transaction.on_commit(wake_delivery, robust=True)
