"""Score the intake extraction engine on its two gold sets and print the tables (issue 17).

Recall, precision, per-field accuracy and milliseconds per 1,000 words, against the targets in
factcheck.intake.evaluation.TARGETS, on the gold set (seen: the rules were written against it)
and the holdout set (unseen: written later, never tuned to), side by side, then each set's own
table. `--errors` lists each miss, extra draft and wrong field; `--no-holdout` scores the gold
set alone (e.g. a folder of your own given with `--gold`).
"""

from django.core.management.base import BaseCommand, CommandError

from factcheck.intake.evaluation import (
    DEFAULT_GOLD,
    DEFAULT_HOLDOUT,
    comparison_table,
    evaluate,
    load_gold,
    table,
)


class Command(BaseCommand):
    help = (
        "Score the article extraction engine on the gold set (seen) and the holdout set "
        "(unseen): recall, precision, fields, speed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="the gold set's folder")
        parser.add_argument(
            "--holdout", default=str(DEFAULT_HOLDOUT), help="the holdout set's folder"
        )
        parser.add_argument("--no-holdout", action="store_true", help="score the gold set only")
        parser.add_argument("--runs", type=int, default=5, help="timed runs (the best counts)")
        parser.add_argument("--errors", action="store_true", help="list every error")

    def handle(self, *args, gold, holdout, no_holdout, runs, errors, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        sets = [("seen", "gold set", gold, "the rules were written against it")]
        if not no_holdout:
            sets.append(("unseen", "holdout set", holdout, "written after the rules, not tuned to"))
        scored = []
        for heading, kind, folder, why in sets:
            try:
                articles = load_gold(folder)
            except (OSError, ValueError, KeyError) as error:
                raise CommandError(f"Cannot read the {kind} in {folder}: {error}") from error
            scored.append((heading, kind, folder, why, articles, evaluate(articles, runs=runs)))
        for heading, kind, folder, why, articles, report in scored:
            self.stdout.write(
                f"{heading}: {kind} {folder} ({len(articles)} articles, {report.gold} claims; "
                f"{why})"
            )
        if len(scored) > 1:
            self.stdout.write("")
            for line in comparison_table([(heading, r) for heading, *_, r in scored]):
                self.stdout.write(line)
        for heading, kind, _folder, _why, _articles, report in scored:
            self.stdout.write("")
            self.stdout.write(f"{kind} ({heading})")
            for line in table(report):
                self.stdout.write(line)
            if errors:
                for article, error_kind, quote, expected, got in report.errors:
                    self.stdout.write(
                        f"  {article}: {error_kind}: {quote!r} expected {expected!r} got {got!r}"
                    )
