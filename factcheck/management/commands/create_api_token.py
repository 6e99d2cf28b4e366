"""python manage.py create_api_token USERNAME [--name N] [--expires-days D]: make an API
token for a user and print it, alone on its line (for scripts: TOKEN=$(… create_api_token …))."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from factcheck.api.tokens import create_token


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
            if expires_days < 1:
                raise CommandError("--expires-days must be 1 or more.")
            expires_at = timezone.now() + datetime.timedelta(days=expires_days)
        try:
            _, token = create_token(user=user, name=name, expires_at=expires_at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(token)
