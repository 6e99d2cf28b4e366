"""Webhook subscriptions: create (the secret is returned this once), pause, resume, delete.

Plain keyword-only functions that check the permission, validate and write; the settings pages
call them, and so does the REST API (/api/v1/webhooks/, `api/views/webhooks.py`).
"""

import base64
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.errors import InvalidInput, NotPermitted, Problem, WebhookTargetRefused
from factcheck.models import (
    DeliveryState,
    EventType,
    WebhookDelivery,
    WebhookSubscription,
    web_url,
)
from factcheck.permissions import can_manage_webhooks
from factcheck.webhooks.addresses import resolve
from factcheck.webhooks.tasks import wake_delivery

# Standard Webhooks: "whsec_" and the base64 of 24 to 64 random bytes.
SECRET_BYTES = 32
URL_MAX_LENGTH = WebhookSubscription._meta.get_field("url").max_length


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def url_problems(url: str) -> list[Problem]:
    """What is wrong with `url` as a webhook's address: http(s), at most 500 characters,
    resolving to public addresses unless FACTCHECK_WEBHOOKS_ALLOW_PRIVATE (see
    `webhooks.addresses`). Each problem has field "url" and code `webhook_url_invalid` or
    `webhook_target_refused`."""
    try:
        if len(url) > URL_MAX_LENGTH:
            raise ValidationError(f"At most {URL_MAX_LENGTH} characters.")
        web_url(url)
        resolve(url)
    except ValidationError as error:
        return [Problem(" ".join(error.messages), code="webhook_url_invalid", field="url")]
    except WebhookTargetRefused as refusal:
        return [Problem(str(refusal), code=refusal.code, field="url")]
    return []


def event_type_problems(event_types) -> list[Problem]:
    """What is wrong with `event_types` (a list of EventType values): at least one, each
    known. Field "event_types", codes `event_types_required` and `event_type_unknown`."""
    problems = []
    if not event_types:
        problems.append(
            Problem("Choose at least one event type.", code="event_types_required",
                    field="event_types")
        )  # fmt: skip
    unknown = sorted(set(event_types) - set(EventType.values))
    if unknown:
        problems.append(
            Problem(
                f"Unknown event type{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"The types are {', '.join(EventType.values)}.",
                code="event_type_unknown",
                field="event_types",
            )
        )
    return problems


def subscription_problems(*, url: str, event_types) -> list[Problem]:
    """What is wrong with a subscription to `event_types` at `url`, each with its code and
    field (`url_problems`, then `event_type_problems`)."""
    return url_problems(url) + event_type_problems(event_types)


def _in_order(event_types) -> list[str]:
    """The event types as stored: known ones, once each, in EventType order."""
    wanted = set(event_types)
    return [t for t in EventType.values if t in wanted]


def _check_permission(actor):
    if not can_manage_webhooks(actor):
        raise NotPermitted("You do not have permission to manage webhooks.")


def create_subscription(
    *, actor, url: str, event_types: list[str], description: str = ""
) -> tuple[WebhookSubscription, str]:
    """Subscribe `url` to `event_types` (EventType values) for `actor`. Returns the
    subscription and its signing secret (`whsec_…`): show it to the person now, since no
    page shows it again. Raises NotPermitted, or InvalidInput listing each problem (see
    `subscription_problems`)."""
    _check_permission(actor)
    url = url.strip()
    problems = subscription_problems(url=url, event_types=event_types)
    if problems:
        raise InvalidInput("The subscription cannot be saved.", problems=problems)
    secret = new_secret()
    subscription = WebhookSubscription.objects.create(
        url=url,
        event_types=_in_order(event_types),
        description=description.strip()[:200],
        secret=secret,
        created_by=actor,
    )
    return subscription, secret


@transaction.atomic
def update_subscription(
    *,
    actor,
    subscription: WebhookSubscription,
    url: str | None = None,
    event_types: list[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookSubscription:
    """Change what is given (None: leave it): the address and the event types are judged as
    on creation (`url_problems`, `event_type_problems`; an unchanged address is not resolved
    again), the description is cut to 200 characters. `active` False pauses the subscription
    and True resumes it, exactly as `pause_subscription` and `resume_subscription` (resuming
    a failing one sends its undelivered events again). The secret never changes. Raises
    NotPermitted, or InvalidInput listing each problem; nothing is changed then."""
    _check_permission(actor)
    changes, problems = {}, []
    if url is not None and url.strip() != subscription.url:
        changes["url"] = url.strip()
        problems += url_problems(changes["url"])
    if event_types is not None:
        problems += event_type_problems(event_types)
        changes["event_types"] = _in_order(event_types)
    if description is not None:
        changes["description"] = description.strip()[:200]
    if problems:
        raise InvalidInput("The subscription cannot be saved.", problems=problems)
    if changes:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(**changes)
    if active is True and (not subscription.is_active or subscription.failing_since):
        resume_subscription(actor=actor, subscription=subscription)
    elif active is False and subscription.is_active:
        pause_subscription(actor=actor, subscription=subscription)
    subscription.refresh_from_db()
    return subscription


def pause_subscription(*, actor, subscription: WebhookSubscription) -> WebhookSubscription:
    """Stop sending to `subscription`; events meanwhile are not queued for it. Its pending
    deliveries wait. Raises NotPermitted."""
    _check_permission(actor)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False)
    subscription.refresh_from_db()
    return subscription


@transaction.atomic
def resume_subscription(*, actor, subscription: WebhookSubscription) -> WebhookSubscription:
    """Send to `subscription` again: active, no longer failing, its failed deliveries queued
    again (with a fresh day of retries) behind nothing, in their order. Raises NotPermitted."""
    _check_permission(actor)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        is_active=True, failing_since=None
    )
    WebhookDelivery.objects.filter(subscription=subscription, state=DeliveryState.FAILED).update(
        state=DeliveryState.PENDING,
        first_attempt_at=None,
        next_attempt_at=timezone.now(),
        locked_until=None,
    )
    transaction.on_commit(wake_delivery, robust=True)
    subscription.refresh_from_db()
    return subscription


def delete_subscription(*, actor, subscription: WebhookSubscription) -> None:
    """Delete `subscription` with its deliveries and their log (the events stay). Raises
    NotPermitted."""
    _check_permission(actor)
    WebhookSubscription.objects.filter(pk=subscription.pk).delete()
