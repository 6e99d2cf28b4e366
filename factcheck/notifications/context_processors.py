"""The bell's unread count for the navigation bar on every page."""

from django.utils.functional import SimpleLazyObject

from factcheck.notifications.selectors import unread_count


def unread_notifications(request):
    """`unread_notifications`: counted only when a template shows it, at most once a page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
