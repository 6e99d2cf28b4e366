"""Signing out: Django's LogoutView, followed by a word that it worked."""

from django.contrib import messages
from django.contrib.auth import views as auth_views


class LoggedOutView(auth_views.LogoutView):
    """Log out (POST only, as Django's), then show the login page with "You have logged
    out." The message is stored after the session is flushed, so it survives the logout (the
    message storage falls back to a cookie)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have logged out. Log in again below.")
        return response
