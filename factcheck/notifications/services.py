"""Writes for notifications: watching, reading, the email preference."""

from django.db import transaction
from django.utils import timezone

from factcheck.errors import InvalidInput, NotFound, NotPermitted, Problem
from factcheck.models import (
    EmailChoice,
    Notification,
    NotificationSettings,
    Watch,
    is_storable_id,
)
from factcheck.notifications import dispatch
from factcheck.permissions import can_see_claim


def start_watching(*, claim, user) -> None:
    """`user` is told about `claim`'s changes from now on. Raises NotPermitted if they cannot
    see it."""
    if not can_see_claim(user, claim):
        raise NotPermitted("You cannot see this claim.")
    dispatch.watch(claim=claim, users=[user])


def stop_watching(*, claim, user) -> None:
    """`user` hears no more about `claim` (until they are assigned, mentioned or comment)."""
    Watch.objects.filter(claim=claim, user=user).delete()


def mark_read(*, notification_id: int, user) -> Notification:
    """Mark `user`'s notification read and return it. Raises NotFound for someone else's
    (whose existence is nobody else's business) or an unknown id."""
    notification = None
    if is_storable_id(notification_id):
        notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_preference(*, user, email: str) -> None:
    """Set how `user` gets email about notifications: an EmailChoice value (off, each,
    digest). Raises InvalidInput for another value."""
    if email not in EmailChoice.values:
        message = f"Choose one of: {', '.join(EmailChoice.labels)}."
        raise InvalidInput(message, problems=[Problem(message, code="invalid", field="email")])
    NotificationSettings.objects.update_or_create(user=user, defaults={"email": email})


def email_preference(user) -> str:
    """The user's EmailChoice value; a daily digest unless they chose otherwise."""
    settings = NotificationSettings.objects.filter(user=user).first()
    return settings.email if settings else EmailChoice.DIGEST
