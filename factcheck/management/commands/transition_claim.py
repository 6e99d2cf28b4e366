from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.errors import Refusal
from factcheck.models import Claim, Status
from factcheck.workflow.services import transition_claim


class Command(BaseCommand):
    help = "Move a claim through the verification workflow, with the same rules as the claim page."

    def add_arguments(self, parser):
        parser.add_argument("claim_id", type=int)
        parser.add_argument("to_status", choices=Status.values)
        parser.add_argument("--user", required=True, help="username of the person acting")
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--expected-version",
            type=int,
            required=True,
            help="the version you looked at (claim page, admin); refused if it has moved on",
        )

    def handle(self, *args, claim_id, to_status, user, note, expected_version, **options):
        try:
            claim = Claim.objects.get(pk=claim_id)
            actor = get_user_model().objects.get(username=user)
        except (Claim.DoesNotExist, get_user_model().DoesNotExist) as missing:
            raise CommandError(str(missing)) from missing
        try:
            claim = transition_claim(
                claim=claim,
                to_status=to_status,
                actor=actor,
                note=note,
                expected_version=expected_version,
            )
        except Refusal as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Claim {claim.pk} is now {claim.get_status_display()} (version {claim.version})."
        )
