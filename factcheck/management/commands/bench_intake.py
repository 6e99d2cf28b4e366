"""Score the intake extraction engine on its gold set and print the table (issue 17).

Recall, precision, per-field accuracy and milliseconds per 1,000 words, against the targets in
factcheck.intake.evaluation.TARGETS. `--errors` lists each miss, extra draft and wrong field.
"""

from django.core.management.base import BaseCommand, CommandError

from factcheck.intake.evaluation import DEFAULT_GOLD, evaluate, load_gold, table


class Command(BaseCommand):
    help = "Score the article extraction engine on a gold set: recall, precision, fields, speed."

    def add_arguments(self, parser):
        parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="the gold set's folder")
        parser.add_argument("--runs", type=int, default=5, help="timed runs (the best counts)")
        parser.add_argument("--errors", action="store_true", help="list every error")

    def handle(self, *args, gold, runs, errors, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            articles = load_gold(gold)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the gold set in {gold}: {error}") from error
        report = evaluate(articles, runs=runs)
        self.stdout.write(f"{len(articles)} articles in {gold}")
        for line in table(report):
            self.stdout.write(line)
        if errors:
            for article, kind, quote, expected, got in report.errors:
                self.stdout.write(
                    f"  {article}: {kind}: {quote!r} expected {expected!r} got {got!r}"
                )
