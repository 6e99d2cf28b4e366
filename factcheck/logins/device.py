"""Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies",
https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies).

A browser that logs in gets a cookie, signed with SECRET_KEY, naming the user and a random
nonce; a new one on every login. A login for that user from that browser is exempt from the
account-wide slowdown and limited per device instead (factcheck.logins.throttle). One cookie
holds up to MAX_NAMES users, for newsroom computers that several people use.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing

COOKIE = "factcheck_device"
SALT = "factcheck.logins.device"
MAX_AGE = timedelta(days=365)
MAX_NAMES = 5


def devices(request) -> dict[str, str]:
    """{username: nonce} from the request's device cookie; {} if it has none, or one that is
    not ours, tampered with or older than MAX_AGE."""
    value = request.COOKIES.get(COOKIE)
    if not value:
        return {}
    try:
        pairs = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return {}
    if not isinstance(pairs, list):
        return {}
    return {
        pair[0]: pair[1]
        for pair in pairs
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
    }


def nonce_for(request, username: str) -> str:
    """The nonce of this browser's device cookie for `username`, "" if it has none."""
    return devices(request).get(username, "")


def remember(request, username: str) -> None:
    """After a login: have DeviceCookieMiddleware give this browser a new device cookie for
    `username` (a new nonce, so its per-device failures start again), keeping the others."""
    others = [[name, nonce] for name, nonce in devices(request).items() if name != username]
    pairs = [[username, secrets.token_urlsafe(16)], *others][:MAX_NAMES]
    request.factcheck_device_cookie = signing.dumps(pairs, salt=SALT)


class DeviceCookieMiddleware:
    """Sets the cookie `remember` asked for on the response (the login page's or the admin's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, "factcheck_device_cookie", None)
        if value:
            response.set_cookie(
                COOKIE,
                value,
                max_age=int(MAX_AGE.total_seconds()),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
