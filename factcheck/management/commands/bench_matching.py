"""Measure claim matching (issue 18): precision and recall per kind on the gold set.

Prints one table for the whole gold set and one per split (dev: the pairs the rules were
developed against; holdout: pairs written after the rules were frozen). With --errors, lists
every pair classified otherwise than labelled, with the label's note.

The database part, the time to fetch and rank the candidates for a new claim, is not measured
yet: candidate retrieval is not built. It belongs in `bench_lookup` below, called from `handle`
after the gold-set tables, once the selector exists.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.matching.evaluation import DEFAULT_GOLD, evaluate, format_table, load_gold


class Command(BaseCommand):
    help = "Precision and recall of claim matching per kind on the gold set."

    def add_arguments(self, parser):
        parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="the gold-set JSON file")
        parser.add_argument(
            "--errors", action="store_true", help="list the pairs classified otherwise"
        )

    def handle(self, *args, gold, errors, **options):
        path = Path(gold)
        try:
            pairs = load_gold(path)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the gold set {path}: {error}") from error
        if not pairs:
            raise CommandError(f"The gold set {path} has no pairs.")
        report = evaluate(pairs)
        self.stdout.write(f"Gold set: {path} ({len(pairs)} pairs)\n")
        self.stdout.write("All pairs\n" + format_table(report) + "\n")
        for split in sorted({pair.split for pair in pairs}):
            part = evaluate(pair for pair in pairs if pair.split == split)
            self.stdout.write(f"\nSplit: {split}\n" + format_table(part) + "\n")
        if errors:
            self.stdout.write("\nClassified otherwise than labelled:")
            for outcome in report.errors:
                pair = outcome.pair
                got = f"{pair.label} -> {outcome.predicted}"
                self.stdout.write(f"  {pair.id} [{pair.split}]: {got}  ({pair.note})")
        self.bench_lookup()

    def bench_lookup(self):
        """Where the database benchmark goes: time the selector that fetches candidates for a
        new claim and ranks them (median of several runs, SQL queries per lookup), as
        bench_queue does for the queue. Until the selector exists it says so, and measures
        nothing."""
        self.stdout.write(
            "\nCandidate lookup timing: not measured (database candidate retrieval is not "
            "built yet)."
        )
