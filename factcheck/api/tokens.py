"""API tokens: make, find, revoke and count the use of the secrets programs send as
`Authorization: Bearer <token>`.

A token reads `fcd_<prefix>_<secret>`: `prefix` (8 characters) is stored in clear so people
can tell tokens apart; the whole token is stored only as its SHA-256 digest. The secret has
256 bits of entropy, so a fast hash is enough (nobody can guess their way through 2**256
values, which is what slow password hashes guard against) and a lookup costs one indexed
read.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, When
from django.utils import timezone

from factcheck.errors import NotFound
from factcheck.limits import check_moment
from factcheck.models import ApiToken

SCHEME = "fcd"
PREFIX_LENGTH = 8
# The longest token we ever issue, with room to spare; anything longer is not one of ours.
MAX_TOKEN_LENGTH = 100


def digest(token: str) -> str:
    """The SHA-256 hex digest under which `token` is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """(token, prefix) for a fresh token."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}", prefix


@transaction.atomic
def create_token(
    *, user, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token for `user` named `name` (1 to 100 characters), valid until `expires_at`
    (aware datetime, or None for no expiry). Returns (token row, the token itself): the
    token is not stored and cannot be shown again. Raises ValidationError for a bad name,
    an expiry in the past, or one beyond the times the desk keeps (LATEST_MOMENT)."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "Choose an expiry date in the future."})
    try:
        check_moment(expires_at)
    except ValidationError as error:
        raise ValidationError(
            {"expires_at": f"{error.messages[0]} Choose an earlier expiry, or none."}
        ) from None
    token, prefix = new_secret()
    row = ApiToken(user=user, name=" ".join(name.split()), prefix=prefix, digest=digest(token))
    row.expires_at = expires_at
    row.full_clean()
    row.save()
    return row, token


@transaction.atomic
def revoke_token(*, actor, token_id: int) -> ApiToken:
    """Revoke one of `actor`'s own tokens (superusers: anyone's). Revoking twice is harmless.
    Raises NotFound for a token that is not theirs (so ids of others' tokens say nothing)."""
    tokens = ApiToken.objects.select_for_update()
    if not actor.is_superuser:
        tokens = tokens.filter(user=actor)
    row = tokens.filter(pk=token_id).first()
    if row is None:
        raise NotFound("You have no such token.")
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row


def tokens_of(user):
    """The user's tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user)


class TokenRefused(Exception):
    """The token given cannot be used; `code` says why (stable, for API clients)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def find_token(token: str) -> ApiToken:
    """The live token row for `token` (with its user loaded), or TokenRefused with code
    `token_invalid`, `token_revoked`, `token_expired` or `user_inactive`."""
    if not token.isascii() or len(token) > MAX_TOKEN_LENGTH or not token.startswith(SCHEME):
        raise TokenRefused("This is not a valid API token.", "token_invalid")
    row = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
    if row is None:
        raise TokenRefused("This is not a valid API token.", "token_invalid")
    if row.revoked_at is not None:
        raise TokenRefused("This API token has been revoked.", "token_revoked")
    if row.is_expired:
        raise TokenRefused("This API token has expired.", "token_expired")
    if not row.user.is_active:
        raise TokenRefused("The account of this API token is disabled.", "user_inactive")
    return row


def record_use(row: ApiToken, now=None) -> tuple[int, float]:
    """Note that `row` was used now and count the request in its rate window.

    Returns (requests in the current window, seconds until it ends). One UPDATE and one
    read, atomic in the database, so concurrent requests on several app servers count
    exactly."""
    now = now or timezone.now()
    window = datetime.timedelta(seconds=settings.FACTCHECK_API_RATE_WINDOW_SECONDS)
    current = {"window_started_at__gt": now - window}
    ApiToken.objects.filter(pk=row.pk).update(
        last_used_at=now,
        window_requests=Case(When(**current, then=F("window_requests") + 1), default=1),
        window_started_at=Case(When(**current, then=F("window_started_at")), default=now),
    )
    started, count = ApiToken.objects.filter(pk=row.pk).values_list(
        "window_started_at", "window_requests"
    )[0]
    return count, max(0.0, (started + window - now).total_seconds())
