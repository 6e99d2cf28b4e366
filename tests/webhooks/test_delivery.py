"""Delivery to a real receiver (an HTTP server on 127.0.0.1): signed, retried, in order per
claim, cut off when it hangs, never for a change that was rolled back."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from factcheck.api.tokens import create_token
from factcheck.errors import GuardFailed
from factcheck.models import (
    DeliveryState,
    Event,
    EventType,
    Status,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.webhooks.delivery import backoff, deliver_due
from factcheck.workflow.services import transition_claim
from tests.api.conftest import ApiClient
from tests.factories import ClaimFactory
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db


def start_review(claim, editor):
    return transition_claim(
        claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=claim.version
    )


def make_due():
    """Skip the backoff wait: every pending delivery is due now."""
    WebhookDelivery.objects.filter(state=DeliveryState.PENDING).update(
        next_attempt_at=timezone.now()
    )


def test_a_status_change_arrives_signed_with_the_claim_and_what_changed(
    receiver, subscribe, claim, editor
):
    subscription = subscribe(receiver.url)
    start_review(claim, editor)

    run = deliver_due()

    assert run.delivered == 1
    (got,) = receiver.received
    payload = Webhook(subscription.secret).verify(got.body, got.headers)
    assert payload["type"] == "claim.status_changed"
    assert payload["data"]["from_status"] == "unverified"
    assert payload["data"]["to_status"] == "in_review"
    assert payload["data"]["actor"] == "editor"
    assert payload["data"]["claim"]["id"] == claim.pk
    assert payload["data"]["claim"]["status"] == "in_review"
    assert payload["data"]["claim"]["version"] == 2
    # The claim as the API shows it: the receiver reads what GET /api/v1/claims/{id}/ gives,
    # without its evidence and history.
    shown = ApiClient(create_token(user=editor, name="t")[1]).get(f"/api/v1/claims/{claim.pk}/")
    assert payload["data"]["claim"] == {
        k: v for k, v in shown.json().items() if k not in ("evidence", "history")
    }
    event = Event.objects.get(type=EventType.STATUS_CHANGED)
    assert got.webhook_id == event.webhook_id
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED
    (attempt,) = delivery.attempt_log.all()
    assert attempt.status_code == 200 and attempt.ok and attempt.latency_ms >= 0


def test_a_wrong_secret_does_not_verify(receiver, subscribe, claim, editor):
    subscribe(receiver.url)
    start_review(claim, editor)
    deliver_due()
    other = Webhook("whsec_" + "B" * 43 + "=")
    with pytest.raises(Exception, match="signature"):
        other.verify(receiver.received[0].body, receiver.received[0].headers)


def test_a_receiver_answering_500_then_200_gets_it_on_a_retry_with_the_same_id(
    subscribe, claim, editor, settings
):
    settings.FACTCHECK_WEBHOOKS_RETRY_BASE = 60  # the retry is due only when the test says
    with Receiver(answers=[500]) as receiver:
        subscribe(receiver.url)
        start_review(claim, editor)

        first = deliver_due()
        delivery = WebhookDelivery.objects.get()
        assert first.failed_attempts == 1 and delivery.state == DeliveryState.PENDING
        assert delivery.next_attempt_at > delivery.first_attempt_at
        make_due()
        second = deliver_due()

    assert second.delivered == 1
    assert len(receiver.received) == 2
    assert receiver.ids()[0] == receiver.ids()[1]
    assert receiver.received[0].body == receiver.received[1].body
    log = list(WebhookDelivery.objects.get().attempt_log.order_by("attempted_at", "id"))
    assert [(a.status_code, a.ok) for a in log] == [(500, False), (200, True)]
    assert log[0].error == "HTTP 500 Internal Server Error"


def test_a_hanging_receiver_is_cut_off_by_the_timeout(subscribe, claim, editor, settings):
    with Receiver(hang=10, hang_count=1) as receiver:
        subscribe(receiver.url)
        settings.FACTCHECK_WEBHOOKS_TIMEOUT = 0.5
        # Not due again within this run: with the fixture's 0.01 s backoff, a loaded machine
        # made the retry (answered: hang_count=1) before deliver_due looked again.
        settings.FACTCHECK_WEBHOOKS_RETRY_BASE = 60
        start_review(claim, editor)
        started = time.monotonic()
        run = deliver_due()
        took = time.monotonic() - started

    assert run.failed_attempts == 1
    assert took < 3
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert attempt.status_code is None
    assert attempt.error == "No answer within 0.5 s: cut off."
    assert 400 <= attempt.latency_ms < 3000


def test_a_rolled_back_transition_writes_no_event_and_sends_nothing(
    receiver, subscribe, claim, editor
):
    subscribe(receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        start_review(claim, editor)
        assert Event.objects.count() == 2  # status and assignment, written with the change...
        raise RuntimeError("the request fails after the transition")
    assert Event.objects.count() == 0  # ...and gone with it
    assert WebhookDelivery.objects.count() == 0
    deliver_due()
    assert receiver.received == []


def test_a_refused_transition_writes_no_event(receiver, subscribe, claim, editor):
    subscribe(receiver.url)
    start_review(claim, editor)
    claim.refresh_from_db()
    with pytest.raises(GuardFailed):
        transition_claim(
            claim=claim, to_status=Status.CONFIRMED, actor=editor, expected_version=claim.version
        )
    assert list(Event.objects.values_list("type", flat=True)) == [
        EventType.STATUS_CHANGED,
        EventType.ASSIGNED,
    ]


def test_order_is_kept_per_claim_while_other_claims_go_on(subscribe, editor, settings):
    settings.FACTCHECK_WEBHOOKS_RETRY_BASE = 60
    first_claim, other_claim = ClaimFactory(), ClaimFactory()
    with Receiver(answers=[503]) as receiver:
        subscribe(receiver.url)
        start_review(first_claim, editor)  # its delivery fails once
        deliver_due()
        first_claim.refresh_from_db()
        transition_claim(
            claim=first_claim, to_status=Status.UNVERIFIED, actor=editor, expected_version=2
        )
        start_review(other_claim, editor)

        deliver_due()  # the first claim's retry is not due: its second event waits
        claims_seen = [r.json["data"]["claim"]["id"] for r in receiver.received]
        assert claims_seen == [first_claim.pk, other_claim.pk]

        make_due()
        deliver_due()

    steps = [
        (r.json["data"]["claim"]["id"], r.json["data"]["to_status"]) for r in receiver.received
    ]
    assert steps == [
        (first_claim.pk, "in_review"),
        (other_claim.pk, "in_review"),
        (first_claim.pk, "in_review"),
        (first_claim.pk, "unverified"),
    ]


def test_after_a_day_of_failures_the_subscription_is_failing_until_resumed(
    subscribe, claim, editor, settings
):
    from factcheck.webhooks.services import resume_subscription

    with Receiver(answers=[500, 500]) as receiver:
        subscription = subscribe(receiver.url)
        start_review(claim, editor)
        deliver_due()
        delivery = WebhookDelivery.objects.get()
        # A day has passed since the first attempt.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            first_attempt_at=timezone.now() - timedelta(days=1, seconds=1)
        )
        make_due()
        deliver_due()
        delivery.refresh_from_db()
        subscription.refresh_from_db()
        assert delivery.state == DeliveryState.FAILED
        assert subscription.state == "failing"
        claim.refresh_from_db()
        transition_claim(claim=claim, to_status=Status.UNVERIFIED, actor=editor, expected_version=2)
        deliver_due()
        assert len(receiver.received) == 2  # nothing is sent while failing

        resume_subscription(actor=editor, subscription=subscription)
        deliver_due()

    assert [r.json["data"]["to_status"] for r in receiver.received[2:]] == [
        "in_review",
        "unverified",
    ]
    assert WebhookSubscription.objects.get().state == "active"


def test_backoff_doubles_with_jitter_and_stops_growing_at_an_hour(settings):
    settings.FACTCHECK_WEBHOOKS_RETRY_BASE = 5
    for attempts, base in [(1, 5), (2, 10), (3, 20), (8, 640)]:
        waits = {backoff(attempts).total_seconds() for _ in range(20)}
        assert all(base * 0.5 <= w <= base * 1.5 for w in waits)
        assert len(waits) > 1  # jittered
    assert backoff(30).total_seconds() <= 3600 * 1.5


def test_a_target_that_now_resolves_to_a_private_address_is_refused_at_delivery(
    receiver, subscribe, claim, editor, settings
):
    subscribe(receiver.url)
    settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = False
    start_review(claim, editor)
    deliver_due(limit=1)
    assert receiver.received == []
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert attempt.error.startswith("Refused: 127.0.0.1 is a private, loopback")


def test_paused_subscriptions_get_no_events(receiver, subscribe, claim, editor):
    from factcheck.webhooks.services import pause_subscription

    pause_subscription(actor=editor, subscription=subscribe(receiver.url))
    start_review(claim, editor)
    assert WebhookDelivery.objects.count() == 0
    assert Event.objects.count() == 2  # the review's start and its assignment
