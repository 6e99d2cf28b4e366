"""Draft the figure claims of an article file and print them (issue 17).

    python manage.py extract_claims article.txt --published 2022-03-03 --format json

prints {"claims": [{"quote", "start", "end", "statement", "claimant", "value", "value_high",
"qualifier", "unit", "counted", "place", "as_of", "vague"}, ...]}; values are JSON numbers,
as_of an ISO date or null. Known claimants are the desk's claimants unless --no-claimants.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.intake.services import draft_claims


class Command(BaseCommand):
    help = "Draft the figure claims of an article (a UTF-8 text file) and print them as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the article, a UTF-8 text file")
        parser.add_argument("--published", help="publication date, YYYY-MM-DD")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "--no-claimants", action="store_true", help="do not match the desk's claimants"
        )

    def handle(self, *args, file, published, no_claimants, **options):
        text = read_article(file)
        day = parse_day(published)
        # The intake's own function, so the command and the API answer the same drafts.
        known = [] if no_claimants else None  # None: the desk's claimants
        payload = {"claims": draft_claims(text=text, published=day, known_claimants=known)}
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))


def read_article(name):
    """The file's text; CommandError when it is missing, unreadable or not UTF-8."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"No such file: {name}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        message = f"{name} is not UTF-8 text ({error.reason} at byte {error.start})."
        raise CommandError(message) from None
    except OSError as error:
        raise CommandError(f"Cannot read {name}: {error.strerror}") from error


def parse_day(text):
    """'2022-03-03' -> date; None stays None; CommandError for anything else."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--published must be a date as YYYY-MM-DD, not {text!r}.") from None
