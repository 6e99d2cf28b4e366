"""Authentication backends: the login throttle (factcheck.logins.throttle, README "Login
throttling") in front of Django's model backend, for every login that comes with a request:
the login page and the admin's.

django-axes stays as the record of logins (its admin pages list attempts and successes) but
locks nothing out (AXES_LOCK_OUT_AT_FAILURE = False): the throttle only slows.
"""

from axes.backends import AxesBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from factcheck.logins import device, throttle


class ThrottledLoginBackend(AxesBackend):
    """Checks a password only when the throttle lets it (else PermissionDenied, with
    `request.login_backoff` saying how long to wait, for the login form), records a wrong one
    as a failure, and gives the browser a device cookie on success.

    A wrong password raises PermissionDenied too, so no later backend checks it again; Django
    then sends user_login_failed, which axes records. Code that authenticates without a
    request (the test client's `login()`, a shell) has no address to count and is left to the
    next backend. Permissions and `get_user` are ModelBackend's.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        attempt = throttle.Attempt.of(request, username or "")
        wait = throttle.wait_for(attempt)
        if wait:
            # The login form reads this to say why (factcheck.auth_forms).
            request.login_backoff = wait
            raise PermissionDenied("Login held back by the throttle; the password was not checked.")
        user = ModelBackend.authenticate(self, request, username, password, **kwargs)
        if user is None:
            throttle.failed(attempt)
            raise PermissionDenied("Wrong user name or password.")
        throttle.succeeded(attempt)
        device.remember(request, user.get_username())
        return user
