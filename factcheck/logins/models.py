"""What the login throttle remembers (factcheck.logins.throttle), in the database so that every
app server sees the same."""

from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """A wrong password that was checked. Attempts held back unchecked are not failures."""

    username = models.CharField(max_length=255)
    address = models.CharField(max_length=64)
    # The nonce of the device cookie it came with, "" for none.
    device = models.CharField(max_length=64, blank=True)
    # From a browser the user has logged in from: counted against that browser only.
    trusted = models.BooleanField(default=False)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["username", "failed_at"], name="loginfailure_user_time")]

    def __str__(self):
        return f"{self.username} from {self.address} at {self.failed_at:%Y-%m-%d %H:%M:%S}"


class LoginTurn(models.Model):
    """An address waiting for a checked attempt at an account whose account-wide rate is used
    up: one place per address and account, first come first served."""

    username = models.CharField(max_length=255)
    address = models.CharField(max_length=64)
    joined_at = models.DateTimeField(default=timezone.now)
    # When it was told to come back; the place is given up TURN_GRACE after that.
    turn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address"], name="loginturn_one_per_address"
            )
        ]

    def __str__(self):
        return f"{self.address} waiting for {self.username}"
