import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.roles import EDITOR, REPORTER, VIEWER, add_to_role

DEMO_USERS = [
    ("editor", EDITOR),
    ("editor2", EDITOR),
    ("reporter", REPORTER),
    ("viewer", VIEWER),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts editor, editor2, reporter and viewer (password from "
        "DEMO_PASSWORD, default 'factcheck-demo'). Refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off: they have a known password. "
                "Set DEBUG=1 on a development machine."
            )
        password = os.environ.get("DEMO_PASSWORD") or "factcheck-demo"
        User = get_user_model()
        for username, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.save()
            add_to_role(user, role)
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb} {username} ({role})")
