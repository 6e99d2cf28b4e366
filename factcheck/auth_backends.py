"""Authentication backends: the login throttle sits in front of Django's model backend."""

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Every login over HTTP (the login page, the admin) passes its request, so it is counted
    and throttled by username and address. Code that authenticates without a request (the
    test client's `login()`, a shell) has no address to count and is left to the next
    backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
