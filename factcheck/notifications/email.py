"""Notification emails: Django's email framework, with a one-click unsubscribe link.

Every message carries `List-Unsubscribe` (the signed link) and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` (RFC 8058), so mail programs offer an Unsubscribe button that
works without logging in. The link is a signed user id (django.core.signing, its own salt):
it cannot be forged or turned into anyone else's, and it does not expire, as mail programs
may keep it for a long time. Unsubscribing sets the user's email preference to off.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

SALT = "factcheck.notifications.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=SALT)


def user_id_for_token(token: str) -> int | None:
    """The user id a token was made for, or None if it is not one of ours."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def absolute(path: str) -> str:
    return settings.FACTCHECK_BASE_URL.rstrip("/") + path


def unsubscribe_url(user) -> str:
    return absolute(reverse("notifications-unsubscribe", args=[unsubscribe_token(user)]))


def notification_email(*, user, subject: str, lines: list[str]) -> EmailMessage:
    """A plain-text email to `user` with `lines` (one paragraph each) and the footer that
    says why they get it and how to stop."""
    link = unsubscribe_url(user)
    footer = (
        "You get this email because of your notification settings at "
        f"{absolute(reverse('user-settings'))}.\nStop these emails: {link}"
    )
    return EmailMessage(
        subject=f"[Factcheck desk] {subject}",
        body="\n\n".join([*lines, "-- ", footer]),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
