from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.imports.services import import_claims
from factcheck.permissions import can_import


class Command(BaseCommand):
    help = (
        "Import claims from a CSV file in the export format. Every row is checked first: "
        "one problem and nothing is written. Claims already in the desk are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file, e.g. verified-figures-2022-03-03.csv")
        parser.add_argument(
            "--user",
            required=True,
            help="the account the import is done as (needs the import permission, as Editors "
            "have); new claims and their history are recorded in its name",
        )

    def handle(self, *args, file, user, **options):
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account {user!r}.")
        if not can_import(actor):
            raise CommandError(f"{user} does not have permission to import claims.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        report = import_claims(data=data, filename=path.name, actor=actor)
        for problem in report.problems:
            self.stderr.write(f"  {problem}")
        for notice in [*report.duplicates, *report.notices]:
            self.stdout.write(f"  {notice}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
