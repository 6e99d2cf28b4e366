"""Measure claim matching (issue 18): precision and recall per kind on the gold set, and the
time to look up a new claim's matches in the database at its current size.

Prints one table for the whole gold set and one per split (dev: the pairs the rules were
developed against; holdout: pairs written after the rules were frozen). With --errors, lists
every pair classified otherwise than labelled, with the label's note.

Then `--lookups` (100) lookups: claims with a figure picked at random (seeded) from the desk
are looked up as if they were being filed again (`find_matches` with their own values, the
claim itself excluded): the candidates' queries, the ranking and the loading of the matches.
It prints the median and the 95th percentile in milliseconds (wall clock), the SQL queries per
lookup, how many lookups found a same-figure match, the median CPU time of this process per
lookup and the load average, since on a shared machine the wall clock mostly measures the wait.
Read-only: it can run against any database.
"""

import os
import random
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext

from factcheck.matching.evaluation import DEFAULT_GOLD, evaluate, format_table, load_gold
from factcheck.matching.selectors import find_matches
from factcheck.models import Claim, ClaimStatusCount


class Command(BaseCommand):
    help = (
        "Precision and recall of claim matching per kind on the gold set, and the time to "
        "look up a claim's matches in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="the gold-set JSON file")
        parser.add_argument(
            "--errors", action="store_true", help="list the pairs classified otherwise"
        )
        parser.add_argument(
            "--lookups", type=int, default=100, help="database lookups to time (0: none)"
        )
        parser.add_argument("--seed", type=int, default=18, help="seed for picking the claims")

    def handle(self, *args, gold, errors, lookups, seed, **options):
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
        if lookups > 0:
            self.bench_lookup(lookups, seed)

    def bench_lookup(self, lookups: int, seed: int):
        """Time `lookups` calls of find_matches for claims picked at random (see the module
        docstring) and print the median, the 95th percentile and the queries per lookup."""
        probes = self._probes(lookups, seed)
        total = sum(ClaimStatusCount.objects.values_list("claims", flat=True))
        where = f"{connection.vendor}, {total:,} claims"
        if not probes:
            self.stdout.write(f"\nCandidate lookup timing ({where}): no claims with a figure.")
            return
        find_matches(**probes[0])  # warm-up: connection, caches
        times, cpu, queries, same_figure = [], [], [], 0
        for probe in probes:
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                matches = find_matches(**probe)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            queries.append(len(captured))
            same_figure += any(m.kind == "same_figure" for m in matches)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else 0
        self.stdout.write(
            f"\nCandidate lookup timing ({where}), {len(times)} lookups:\n"
            f"  median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
            f"max {max(times):.1f} ms; {statistics.median(queries):.0f} queries per lookup; "
            f"{same_figure} found a same-figure match\n"
            f"  this process's CPU (ranking, Django; not the database server's): median "
            f"{statistics.median(cpu):.1f} ms; load average {os.getloadavg()[0]:.1f}"
        )

    def _probes(self, lookups: int, seed: int) -> list[dict]:
        """The values of up to `lookups` random claims with a figure, as find_matches takes
        them. Claims are picked by random id in the id range (a dense range after
        generate_claims), so no ORDER BY RANDOM() over a million rows."""
        with_figure = Claim.objects.filter(value__isnull=False)
        bounds = with_figure.aggregate(low=Min("id"), high=Max("id"))
        if bounds["low"] is None:
            return []
        # Accepted (bandit B311): seeded choice of benchmark probes, not security.
        rng = random.Random(seed)  # noqa: S311  # nosec B311
        probes, attempts = [], 0
        while len(probes) < lookups and attempts < lookups * 20:
            attempts += 1
            pk = rng.randint(bounds["low"], bounds["high"])
            claim = with_figure.select_related("claimant").filter(pk__gte=pk).first()
            if claim is None:
                continue
            probes.append(
                {
                    "statement": claim.statement,
                    "claimant_name": claim.claimant.name,
                    "value": claim.value,
                    "value_high": claim.value_high,
                    "qualifier": claim.qualifier,
                    "unit": claim.unit,
                    "counted": claim.counted,
                    "place": claim.place,
                    "as_of": claim.as_of,
                    "exclude": claim.pk,
                }
            )
        return probes
