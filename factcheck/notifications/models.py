"""Watching claims and being told what needs you. Importable from factcheck.models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Watch(models.Model):
    """`user` is told about changes to `claim`. Made when they create, are assigned, comment
    on or are mentioned in the claim; ended with the claim page's Stop watching button."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    claim = models.ForeignKey("factcheck.Claim", on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "user"], name="watch_once_per_claim"),
        ]

    def __str__(self):
        return f"{self.user} watches claim {self.claim_id}"


class NotificationKind(models.TextChoices):
    """What a notification is about. Codes are stable (emails, a future API): the stored
    values of Notification.event. (factcheck.models.Event is another thing: the webhook outbox.)"""

    MENTIONED = "mentioned", "Mentioned"
    ASSIGNED = "assigned", "Assigned to you"
    STATUS_CHANGED = "status_changed", "Status changed"
    COMMENTED = "commented", "New comment"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    EVIDENCE_CHANGED = "evidence_changed", "Evidence changed"
    EVIDENCE_REMOVED = "evidence_removed", "Evidence removed"
    EDITED = "edited", "Claim edited"
    IMPORT_FINISHED = "import_finished", "Import finished"


class Notification(models.Model):
    """One thing that needs `recipient`'s attention, with the words and link to show."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=30, choices=NotificationKind)
    claim = models.ForeignKey(
        "factcheck.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A deleted comment leaves the notification pointing at its claim.
    comment = models.ForeignKey(
        "factcheck.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    # Where the notification leads: a path within the site (e.g. /claims/3/#comment-7).
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's count on every page: an index-only count of one user's unread rows.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
        ]

    def __str__(self):
        return f"To {self.recipient}: {self.text}"

    @property
    def is_read(self):
        return self.read_at is not None


class EmailChoice(models.TextChoices):
    OFF = "off", "Off: only in the app"
    EACH = "each", "An email for each notification"
    DIGEST = "digest", "A daily digest"


class NotificationSettings(models.Model):
    """A user's email preference. No row means the default, a daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(
        "email notifications", max_length=10, choices=EmailChoice, default=EmailChoice.DIGEST
    )

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"{self.user}: {self.get_email_display()}"


class DigestSent(models.Model):
    """A user's daily digest of `day` (the digest's date in TIME_ZONE) was sent, or is being
    sent: written before the email goes, and unique, so two runs of the digest (two workers,
    a doubled task, cron as well as the worker) never send the same person two on one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day"),
        ]

    def __str__(self):
        return f"Digest of {self.day} to {self.user}"
