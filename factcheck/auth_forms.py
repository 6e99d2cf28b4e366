"""Login forms that check the user name's length before anyone authenticates with it.

Django's AuthenticationForm only sets the input's maxlength; a longer name posted anyway goes
on to authentication, whose failure the login throttle records in a 255-character column:
PostgreSQL refuses the row and the login page failed. No account has a name over the user
model's limit (150), so such a name gets the field's message and is never tried.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator


class _NameLengthChecked:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = self.username_field.max_length or 150
        self.fields["username"].validators.append(MaxLengthValidator(limit))

    def get_invalid_login_error(self):
        # The throttle (factcheck.logins.throttle) says why, and for how long.
        wait = getattr(self.request, "login_backoff", None)
        if wait and wait.reason == "address":
            return ValidationError(
                f"There have been several wrong passwords for this account from this address "
                f"just now, so logins for it from here are slowed. Try again in {wait.seconds} "
                "seconds, or from a browser you have logged in from before.",
                code="backoff",
            )
        if wait:
            return ValidationError(
                f"This account has had many wrong passwords just now, so browsers it has not "
                f"logged in from take turns. Your turn is in {wait.seconds} seconds: try again "
                "then (your place is kept for a little while), or use a browser you have "
                "logged in from before.",
                code="backoff",
            )
        return super().get_invalid_login_error()


class LoginForm(_NameLengthChecked, AuthenticationForm):
    """The login page's form."""


class AdminLoginForm(_NameLengthChecked, AdminAuthenticationForm):
    """The admin's login form."""
