"""Reads for notifications: the bell's count, the list, whether someone watches a claim."""

from django.db.models import QuerySet

from factcheck.models import Notification, Watch


def unread_count(user) -> int:
    """How many unread notifications `user` has: one COUNT over a partial index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet:
    """`user`'s notifications, newest first, with who caused each."""
    return Notification.objects.filter(recipient=user).select_related("actor")


def is_watching(user, claim) -> bool:
    return Watch.objects.filter(user=user, claim=claim).exists()
