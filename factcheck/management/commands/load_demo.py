from django.core.management import call_command
from django.core.management.base import BaseCommand

from factcheck.models import Claim


class Command(BaseCommand):
    help = (
        "Load the demo claims (fixtures/demo.json) into an empty desk. If claims are already "
        "there, leave them alone so that work done in the demo is not overwritten; "
        "--reload loads the fixture again over the demo records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload", action="store_true", help="load the fixture even if claims exist"
        )

    def handle(self, *args, reload, **options):
        if Claim.objects.exists() and not reload:
            self.stdout.write("Claims already in the database; demo not reloaded (use --reload).")
            return
        call_command("loaddata", "demo", verbosity=options["verbosity"])
