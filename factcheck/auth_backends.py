"""Authentication backends: the login throttle sits in front of Django's model backend.

The policy (README, "Login throttling"):

- Lockout is per user name *and* address (django-axes, AXES_LOCKOUT_PARAMETERS): five wrong
  passwords for one name from one address lock that pair for 15 minutes. Nobody can lock a
  user out from another address. Behind the TLS proxy the address is the client's, from the
  proxy's X-Forwarded-For (settings: AXES_IPWARE_*), never a header a client sets itself.
- Guessing one account from many addresses is slowed: once a name has had ACCOUNT_FAILURES
  wrong passwords in the cool-off period, from all addresses together, a login for it from an
  address it has never logged in from is tried at most once every BACKOFF_SECONDS (others get
  "wait and try again", and no password is checked). A user's own addresses, where they have
  logged in before, are never held back.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.utils import timezone


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR; behind FACTCHECK_TRUSTED_PROXIES proxies (the TLS
    proxy: BEHIND_TLS_PROXY), the address the outermost trusted proxy put in X-Forwarded-For,
    counted from the right, as anything further left is whatever the client sent."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.FACTCHECK_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


ACCOUNT_FAILURES = 10
BACKOFF_SECONDS = 30


def seconds_to_wait(request, username: str) -> int:
    """How long a login for `username` from this request's address must wait (0: none), by
    the policy above."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    summary = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (summary["failures"] or 0) < ACCOUNT_FAILURES:
        return 0
    address = client_address(request)
    if AccessLog.objects.filter(username=username, ip_address=address).exists():
        return 0
    left = summary["last"] + timedelta(seconds=BACKOFF_SECONDS) - timezone.now()
    return max(0, int(left.total_seconds()) + 1) if left.total_seconds() > 0 else 0


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check, then the per-account backoff, for logins that come with a
    request.

    Every login over HTTP (the login page, the admin) passes its request, so it is counted
    and throttled. Code that authenticates without a request (the test client's `login()`, a
    shell) has no address to count and is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        wait = seconds_to_wait(request, username or "")
        if wait:
            # The login form reads this to say why (factcheck.auth_forms).
            request.login_backoff_seconds = wait
            raise PermissionDenied("Too many wrong passwords for this account just now.")
        return user
