"""python manage.py create_api_token USERNAME [--name N] [--expires-days D]: make an API
token for a user and print it, alone on its line (for scripts: TOKEN=$(… create_api_token …))."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from factcheck.api.tokens import create_token
from factcheck.limits import LATEST_MOMENT


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command line", help="what uses the token")
        parser.add_argument(
            "--expires-days", type=int, default=None, help="days until it expires (default: never)"
        )

    def handle(self, *args, username, name, expires_days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is disabled; a token would be refused.")
        expires_at = None
        if expires_days is not None:
            now = timezone.now()
            # Checked before adding: a date past the year 9999 is an OverflowError, not a date.
            latest = (LATEST_MOMENT - now).days
            if not 1 <= expires_days <= latest:
                raise CommandError(
                    f"--expires-days must be from 1 to {latest}: times are kept up to "
                    f"{LATEST_MOMENT:%Y-%m-%d} (UTC). Leave it out for a token that never "
                    "expires."
                )
            expires_at = now + datetime.timedelta(days=expires_days)
        try:
            _, token = create_token(user=user, name=name, expires_at=expires_at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(token)
