"""Background tasks that send notification emails (django-tasks; the backend is settings.TASKS).

`email_notification` sends one notification to someone who wants an email for each;
`email_digests` sends each digest reader one email with everything unread since their last
one. Both check the preference again when they run and mark what they sent (`emailed_at`), so
running them twice sends nothing twice; a digest also records its day (`DigestSent`, unique
per user and day) before it goes, so two runs at once never send one person two a day.

`daily_digests` runs the digests at FACTCHECK_DIGEST_HOUR every day by itself: it enqueues
itself for the next digest time (`schedule_digests`, deferred with `run_after`), and every
worker that starts makes sure one is scheduled (`run_worker`). Cron users keep the
`send_digests` command.
"""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from factcheck.models import DigestSent, EmailChoice, Notification, NotificationSettings
from factcheck.notifications.email import absolute, notification_email

# When the next daily digest task is due (a timestamp), shared by every worker, so that the
# workers starting and the task itself schedule one, not one each. Per database: installs
# may share a cache.
NEXT_DIGEST_KEY = "factcheck:notifications:next-digest:{database}"


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
    (newest first, at most 50 listed), then mark them sent; someone who already had today's
    digest (DigestSent) gets none until tomorrow. Returns the number of emails."""
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
    day = timezone.localdate()
    sent = 0
    for user in readers:
        sent += _send_digest(user, day)
    return sent


@task()
def daily_digests() -> int:
    """`email_digests`, then schedule the next day's run. Returns the number of emails."""
    try:
        return email_digests.call()
    finally:
        # Even when sending failed (the mail server down): tomorrow's digest still comes.
        schedule_digests()


def next_digest_time(now: datetime | None = None) -> datetime:
    """The next FACTCHECK_DIGEST_HOUR o'clock (in TIME_ZONE) after `now` (now if None)."""
    now = timezone.localtime(now)
    at = now.replace(hour=settings.FACTCHECK_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if at <= now:
        at = timezone.make_aware(
            datetime.combine(at.date() + timedelta(days=1), at.time()), at.tzinfo
        )
    return at


def schedule_digests() -> bool:
    """Enqueue `daily_digests` at the next digest time unless it is already scheduled (the
    shared NEXT_DIGEST_KEY names that time, still ahead) or the backend cannot defer tasks
    (`immediate`: then run `send_digests` from cron). Returns whether it enqueued. A second
    task, should the key have been lost, is harmless: digests are recorded per user and day,
    and both tasks then find the next one scheduled."""
    if not default_task_backend.supports_defer:
        return False
    run_after = next_digest_time()
    cache = caches["progress"]
    key = NEXT_DIGEST_KEY.format(database=connection.settings_dict["NAME"])
    scheduled = cache.get(key)
    if scheduled is not None and time.time() < scheduled <= run_after.timestamp():
        return False
    # Forgotten a while after it was due, so that a lost task is scheduled again by the next
    # worker to start.
    cache.set(key, run_after.timestamp(), timeout=run_after.timestamp() - time.time() + 3600)
    daily_digests.using(run_after=run_after).enqueue()
    return True


def _send_digest(user, day):
    pending = Notification.objects.filter(
        recipient=user, read_at__isnull=True, emailed_at__isnull=True
    )
    items = list(pending[:50])
    if not items:
        return 0
    # Take the user's digest of `day` first: of two runs at once, the second's insert fails on
    # the unique constraint (on PostgreSQL it waits for the first to commit) and sends nothing.
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day)
    except IntegrityError:
        return 0
    count = pending.count()
    lines = [f"{n.created_at:%d %b %H:%M} UTC: {n.text}\n{absolute(n.url)}" for n in items]
    if count > len(items):
        lines.append(f"… and {count - len(items)} more: {absolute('/notifications/')}")
    subject = f"{count} notification{'s' if count != 1 else ''} for you"
    try:
        notification_email(user=user, subject=subject, lines=lines).send()
    except Exception:
        # Not sent: free the day, so that the next run may send it.
        DigestSent.objects.filter(user=user, day=day).delete()
        raise
    pending.filter(created_at__lte=items[0].created_at).update(emailed_at=timezone.now())
    return 1


def _preference(user):
    try:
        return user.notification_settings.email
    except NotificationSettings.DoesNotExist:
        return EmailChoice.DIGEST
