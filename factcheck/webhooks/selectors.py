"""Reading subscriptions and their delivery log."""

from django.db.models import Count, Q

from factcheck.errors import NotPermitted
from factcheck.models import DeliveryAttempt, DeliveryState, WebhookSubscription
from factcheck.permissions import can_manage_webhooks


def subscriptions(*, actor):
    """Every subscription, oldest first, with counts of pending and failed deliveries.
    Raises NotPermitted."""
    if not can_manage_webhooks(actor):
        raise NotPermitted("You do not have permission to manage webhooks.")
    return WebhookSubscription.objects.select_related("created_by").annotate(
        pending=Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
    )


def attempts(*, actor, subscription: WebhookSubscription):
    """Every attempt to deliver to `subscription`, newest first ("-attempted_at", "-id"),
    each with its delivery and event: a queryset, for a page or a slice. Raises
    NotPermitted."""
    if not can_manage_webhooks(actor):
        raise NotPermitted("You do not have permission to manage webhooks.")
    return (
        DeliveryAttempt.objects.filter(delivery__subscription=subscription)
        .select_related("delivery__event")
        .order_by("-attempted_at", "-id")
    )


def delivery_log(*, actor, subscription: WebhookSubscription, limit: int = 100):
    """The latest `limit` attempts to deliver to `subscription`, newest first, each with its
    delivery and event (time, status code, latency, error). Raises NotPermitted."""
    return list(attempts(actor=actor, subscription=subscription)[:limit])
