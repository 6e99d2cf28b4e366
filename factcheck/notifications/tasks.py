"""Background tasks that send notification emails (django-tasks; the backend is settings.TASKS).

`email_notification` sends one notification to someone who wants an email for each;
`email_digests` sends each digest reader one email with everything unread since their last
one. Both check the preference again when they run and mark what they sent (`emailed_at`), so
running them twice sends nothing twice.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from factcheck.models import EmailChoice, Notification, NotificationSettings
from factcheck.notifications.email import absolute, notification_email


@task()
def email_notification(notification_id: int) -> bool:
    """Email notification `notification_id` to its recipient if they still want one email
    per notification, have an address, and it was not sent yet. Returns whether it was."""
    notification = (
        Notification.objects.select_related("recipient", "recipient__notification_settings")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    user = notification.recipient
    if not user.email or _preference(user) != EmailChoice.EACH:
        return False
    message = notification_email(
        user=user,
        subject=notification.text,
        lines=[notification.text, f"Open it: {absolute(notification.url)}"],
    )
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@task()
def email_digests() -> int:
    """Send every digest reader with unread, unsent notifications one email listing them
    (newest first, at most 50 listed), then mark them sent. Returns the number of emails."""
    readers = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(notification_settings__isnull=True)
            | Q(notification_settings__email=EmailChoice.DIGEST)
        )
        .filter(notifications__read_at__isnull=True, notifications__emailed_at__isnull=True)
        .distinct()
    )
    sent = 0
    for user in readers:
        sent += _send_digest(user)
    return sent


def _send_digest(user):
    pending = Notification.objects.filter(
        recipient=user, read_at__isnull=True, emailed_at__isnull=True
    )
    items = list(pending[:50])
    if not items:
        return 0
    count = pending.count()
    lines = [f"{n.created_at:%d %b %H:%M} UTC: {n.text}\n{absolute(n.url)}" for n in items]
    if count > len(items):
        lines.append(f"… and {count - len(items)} more: {absolute('/notifications/')}")
    subject = f"{count} notification{'s' if count != 1 else ''} for you"
    notification_email(user=user, subject=subject, lines=lines).send()
    pending.filter(created_at__lte=items[0].created_at).update(emailed_at=timezone.now())
    return 1


def _preference(user):
    try:
        return user.notification_settings.email
    except NotificationSettings.DoesNotExist:
        return EmailChoice.DIGEST
