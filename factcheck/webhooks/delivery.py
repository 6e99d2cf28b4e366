"""Deliver events to subscriptions: at least once, in order per claim, with retries.

- A `WebhookDelivery` row is written with its event (`queue_deliveries`, called by `emit` in
  the change's transaction), so a committed event always has its deliveries.
- `deliver_due` sends what is due. A worker first takes a delivery by a conditional UPDATE
  that sets `locked_until` (its lease), so two workers never send the same one at once, and a
  delivery whose worker died is taken over when the lease runs out.
- Order per claim: a delivery is due only when every earlier event of the same claim has been
  delivered to that subscription. A retrying delivery holds back the claim's later events;
  other claims go on.
- Retries (Standard Webhooks' advice): exponential backoff from FACTCHECK_WEBHOOKS_RETRY_BASE
  seconds, doubling up to an hour apart, each delay jittered between half and one and a half
  times, for FACTCHECK_WEBHOOKS_RETRY_FOR seconds (a day) after the first attempt. Then the
  delivery has failed and the subscription is marked failing: nothing more is sent to it
  until an editor resumes it, which queues the failed deliveries again.
- Every attempt is logged (`DeliveryAttempt`). The webhook-id is the event's, the same on
  every attempt, so a receiver de-duplicates by it.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from standardwebhooks import Webhook

from factcheck.events.payloads import body
from factcheck.models import (
    DeliveryAttempt,
    DeliveryState,
    Event,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.webhooks import sender

# Deliveries fetched at once; each is still taken one by one.
BATCH = 100
# The longest wait between two attempts.
MAX_DELAY = timedelta(hours=1)
# A lease outlasts the longest attempt (the timeout) by this much.
LEASE_MARGIN = timedelta(seconds=2)
USER_AGENT = "Factcheck-desk-webhooks/1"

_jitter = random.SystemRandom()


@dataclass
class Run:
    """What one `deliver_due` did: deliveries sent (2xx), attempts that failed, and when the
    next pending delivery falls due (None if nothing is pending)."""

    delivered: int = 0
    failed_attempts: int = 0
    next_due: datetime | None = None


def queue_deliveries(event: Event) -> int:
    """Queue `event` for every active subscription that wants its type, in the caller's
    transaction. Returns how many were queued. Paused subscriptions get none."""
    wanting = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True).only(
            "id", "event_types"
        )
        if event.type in subscription.event_types
    ]
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event=event,
            claim_id=event.claim_id,
            next_attempt_at=event.occurred_at,
        )
        for subscription in wanting
    )
    return len(wanting)


def queue_deliveries_of(events) -> int:
    """`queue_deliveries` for many events at once (one query for the subscriptions, bulk
    inserts). Returns how many deliveries were queued."""
    subscriptions = list(
        WebhookSubscription.objects.filter(is_active=True).only("id", "event_types")
    )
    if not subscriptions:
        return 0
    deliveries = [
        WebhookDelivery(
            subscription=subscription,
            event=event,
            claim_id=event.claim_id,
            next_attempt_at=event.occurred_at,
        )
        for event in events
        for subscription in subscriptions
        if event.type in subscription.event_types
    ]
    WebhookDelivery.objects.bulk_create(deliveries, batch_size=1000)
    return len(deliveries)


def due_deliveries(now: datetime):
    """Pending deliveries that may be sent at `now`: due, not held by a live lease, to an
    active subscription that is not failing, with no undelivered earlier event of the same
    claim for the same subscription; oldest event first."""
    earlier_undelivered = WebhookDelivery.objects.filter(
        subscription_id=OuterRef("subscription_id"),
        claim_id=OuterRef("claim_id"),
        event_id__lt=OuterRef("event_id"),
    ).exclude(state=DeliveryState.DELIVERED)
    return (
        WebhookDelivery.objects.filter(
            state=DeliveryState.PENDING,
            next_attempt_at__lte=now,
            subscription__is_active=True,
            subscription__failing_since__isnull=True,
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .exclude(Exists(earlier_undelivered))
        .order_by("event_id")
    )


def deliver_due(*, limit: int | None = None) -> Run:
    """Send every delivery that is due (at most `limit`), one at a time, and log each attempt.
    Returns a Run. Safe to run in any number of workers at once."""
    run = Run()
    sent = 0
    while limit is None or sent < limit:
        batch = list(due_deliveries(timezone.now()).select_related("event", "subscription")[:BATCH])
        if not batch:
            break
        for delivery in batch:
            if limit is not None and sent >= limit:
                break
            lease = _take(delivery)
            if lease is None:
                continue
            sent += 1
            if _attempt(delivery, lease):
                run.delivered += 1
            else:
                run.failed_attempts += 1
    run.next_due = next_due()
    return run


def next_due() -> datetime | None:
    """When the earliest pending delivery to a sendable subscription may next be tried."""
    pending = WebhookDelivery.objects.filter(
        state=DeliveryState.PENDING,
        subscription__is_active=True,
        subscription__failing_since__isnull=True,
    )
    times = [
        pending.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first(),
        pending.filter(locked_until__isnull=False)
        .order_by("locked_until")
        .values_list("locked_until", flat=True)
        .first(),
    ]
    times = [t for t in times if t is not None]
    return max(min(times), timezone.now()) if times else None


def _take(delivery) -> datetime | None:
    """Lease `delivery` for this worker; None if another worker holds it."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.FACTCHECK_WEBHOOKS_TIMEOUT) + LEASE_MARGIN
    taken = (
        WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=lease)
    )
    return lease if taken else None


def signed_request(delivery, at: datetime) -> tuple[bytes, dict]:
    """The body and Standard Webhooks headers of `delivery` sent at `at`."""
    event = delivery.event
    text = body(type=event.type, timestamp=event.occurred_at, data=event.data)
    signature = Webhook(delivery.subscription.secret).sign(event.webhook_id, at, text)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": event.webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }
    return text.encode(), headers


def _attempt(delivery, lease) -> bool:
    at = timezone.now()
    data, headers = signed_request(delivery, at)
    answer = sender.post(
        delivery.subscription.url,
        body=data,
        headers=headers,
        timeout=settings.FACTCHECK_WEBHOOKS_TIMEOUT,
    )
    _record(delivery, lease, at, answer)
    return answer.ok


@transaction.atomic
def _record(delivery, lease, at, answer):
    mine = WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk, locked_until=lease)
    current = mine.first()
    if current is None:
        return  # the subscription was deleted meanwhile, or the lease ran out and was taken
    DeliveryAttempt.objects.create(
        delivery=current,
        attempted_at=at,
        status_code=answer.status_code,
        latency_ms=answer.latency_ms,
        error=answer.error[:2000],
    )
    current.attempts += 1
    current.first_attempt_at = current.first_attempt_at or at
    current.locked_until = None
    now = timezone.now()
    if answer.ok:
        current.state = DeliveryState.DELIVERED
        current.delivered_at = now
    else:
        deadline = current.first_attempt_at + timedelta(
            seconds=settings.FACTCHECK_WEBHOOKS_RETRY_FOR
        )
        if now >= deadline:
            current.state = DeliveryState.FAILED
            WebhookSubscription.objects.filter(
                pk=current.subscription_id, failing_since__isnull=True
            ).update(failing_since=now)
        else:
            current.next_attempt_at = min(now + backoff(current.attempts), deadline)
    current.save()


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: FACTCHECK_WEBHOOKS_RETRY_BASE seconds,
    doubled each time up to an hour, times a random factor between 0.5 and 1.5 (so that
    deliveries that failed together do not all come back at once)."""
    base = settings.FACTCHECK_WEBHOOKS_RETRY_BASE * 2 ** min(attempts - 1, 30)
    delay = min(timedelta(seconds=base), MAX_DELAY)
    return delay * _jitter.uniform(0.5, 1.5)
