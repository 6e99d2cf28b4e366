from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.imports.services import import_claims
from factcheck.permissions import can_import


class Command(BaseCommand):
    help = (
        "Import claims from a CSV file in the export format. Every row is checked first: "
        "one problem and nothing is written. Claims already in the desk are skipped; each "
        "row's matches in the desk are listed (same figure, same quantity, similar text). "
        "--check checks and writes nothing, as the import page's check step."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file, e.g. verified-figures-2022-03-03.csv")
        parser.add_argument(
            "--user",
            required=True,
            help="the account the import is done as (needs the import permission, as Editors "
            "have); new claims and their history are recorded in its name",
        )

        parser.add_argument(
            "--check",
            action="store_true",
            help="check the file and list each row's matches in the desk; write nothing",
        )
        parser.add_argument(
            "--skip-same-figure",
            action="store_true",
            help="do not import rows whose figure is already in the desk (a same-figure "
            "match); without it they are imported and reported as probable duplicates",
        )

    def handle(self, *args, file, user, check=False, skip_same_figure=False, **options):
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
        report = import_claims(
            data=data,
            filename=path.name,
            actor=actor,
            check_only=check,
            skip_same_figure=skip_same_figure,
        )
        for problem in report.problems:
            self.stderr.write(f"  {problem}")
        for notice in [*report.duplicates, *report.probable_duplicates, *report.notices]:
            self.stdout.write(f"  {notice}")
        for item in report.matches:
            found = "; ".join(
                f"{match['label']}: claim {match['claim']} ({match['status'].lower()})"
                for match in item["matches"]
            )
            self.stdout.write(f"  line {item['line']}: matches {found}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
