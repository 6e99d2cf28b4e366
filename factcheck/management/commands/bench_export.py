"""`python manage.py bench_export`: rows per second and peak memory of each export format at
the current database size, and on PostgreSQL the time `psql \\copy` takes for the same columns.

Each format runs in a fresh child process, so its peak resident memory (VmHWM) is its
own and not left over from an earlier format. `--generate N` first adds N confirmed claims
(benchmark databases only).
"""

import json
import os
import resource
import secrets

# Runs this same command and psql, with arguments built here, never from user input.
import subprocess  # noqa: S404  # nosec B404
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from factcheck.exports.filters import ExportFilterForm, claims_for_export
from factcheck.exports.formats import FORMATS, stream_export
from factcheck.exports.rows import COLUMNS, SOURCES, aggregated_evidence_urls, claim_url_expression
from factcheck.models import (
    Claim,
    Claimant,
    ClaimantKind,
    Evidence,
    Status,
    StatusChange,
    fill_folded_text,
)


def peak_memory_mb():
    """This process's peak resident memory. VmHWM, because ru_maxrss survives exec and would
    report the parent's peak for a child that started small."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_once(format_key):
    """Run one export to /dev/null in this process; return rows, seconds and memory."""
    form = ExportFilterForm({"status": list(Status.values), "has_figure": "any"})
    form.is_valid()
    baseline_mb = peak_memory_mb()
    rows = claims_for_export(form.cleaned_data).count()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    written = 0
    with open(os.devnull, "wb") as sink:
        for piece in stream_export(format_key, form):
            data = piece.encode("utf-8")
            written += len(data)
            sink.write(data)
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return {
        "format": format_key,
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "bytes": written,
        "baseline_mb": baseline_mb,
        "peak_mb": peak_memory_mb(),
    }


def copy_sql():
    """The export's columns in one SQL query (evidence URLs aggregated in SQL), for \\copy."""
    form = ExportFilterForm({"status": list(Status.values), "has_figure": "any"})
    form.is_valid()
    queryset = claims_for_export(form.cleaned_data).annotate(
        evidence_urls=aggregated_evidence_urls(),
        claim_url=claim_url_expression(),
    )
    columns = [SOURCES.get(name, name) for name in COLUMNS]
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    return connection.ops.compose_sql(sql, params)


def time_psql_copy():
    database = settings.DATABASES["default"]
    sql = " ".join(copy_sql().split())
    command = [
        "psql",
        "--no-psqlrc",
        "--quiet",
        "-h",
        database.get("HOST") or "127.0.0.1",
        "-p",
        str(database.get("PORT") or 5432),
        "-U",
        database.get("USER") or "postgres",
        "-d",
        database["NAME"],
        "-c",
        f"\\copy ({sql}) TO '{os.devnull}' WITH (FORMAT csv, HEADER)",
    ]
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    started = time.perf_counter()
    # The SQL is the ORM's, compiled here; the connection settings are the project's own.
    subprocess.run(command, check=True, env=env)  # noqa: S603  # nosec B603
    return time.perf_counter() - started


STATEMENTS = [
    "More than {n} people have fled the region, the agency said.",
    "At least {n} civilians have been killed, according to the UN human rights office.",
    "Київ: щонайменше {n} людей евакуйовано, повідомила влада.",
    'الأمم المتحدة: أكثر من {n} لاجئ, "حسب التقديرات"',
    '=SUM({n}) is what the spreadsheet said, with a comma, and a quote " inside.',
]


def generate(count, batch=5000, stdout=None):
    """Add `count` confirmed claims, each with one evidence link and its audit row.

    Written in bulk for speed; the audit rows are written with them so the data looks as if
    it went through the workflow.
    """
    User = get_user_model()
    actor, _ = User.objects.get_or_create(username="bench-editor")
    claimants = [
        Claimant.objects.get_or_create(
            name=f"Bench claimant {i}", defaults={"kind": ClaimantKind.values[i % 7]}
        )[0]
        for i in range(50)
    ]
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            claims = Claim.objects.bulk_create(
                _folded(
                    [
                        Claim(
                            statement=STATEMENTS[(made + i) % len(STATEMENTS)].format(n=made + i),
                            claimant=claimants[(made + i) % len(claimants)],
                            value=1000 + made + i,
                            qualifier="at_least",
                            counted="civilians killed" if i % 2 else "refugees",
                            place="Ukraine",
                            as_of=f"2022-03-{1 + (made + i) % 28:02d}",
                            status=Status.CONFIRMED,
                            methodology_notes="Counted from border authorities' reports, twice.",
                            source_url=f"https://news.example.org/story/{made + i}",
                            source_title="Benchmark story",
                            source_date="2022-03-03",
                        )
                        for i in range(size)
                    ]
                )
            )
            Evidence.objects.bulk_create(
                Evidence(claim=claim, url=f"https://data.example.org/{claim.pk}")
                for claim in claims
            )
            StatusChange.objects.bulk_create(
                StatusChange(
                    claim=claim,
                    from_status=Status.IN_REVIEW,
                    to_status=Status.CONFIRMED,
                    actor=actor,
                )
                for claim in claims
            )
        made += size
        if stdout and made % 100000 < batch:
            stdout.write(f"  {made} claims generated")


class Command(BaseCommand):
    help = (
        "Benchmark every export format at the current database size (rows/s, peak memory), "
        "and psql \\copy of the same columns on PostgreSQL. --generate N adds N confirmed "
        "claims first, and only on a database whose name contains 'bench'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", type=int, default=0, metavar="N")
        parser.add_argument("--formats", default=",".join(FORMATS), help="Comma-separated formats.")
        parser.add_argument("--child", help=FORMAT_CHILD_HELP)

    def handle(self, *args, **options):
        if options["child"]:
            self.stdout.write(json.dumps(export_once(options["child"])))
            return
        if options["generate"]:
            name = str(settings.DATABASES["default"]["NAME"])
            if "bench" not in os.path.basename(name):
                raise CommandError(
                    f"Refusing to generate claims in {name!r}: use a database whose name "
                    "contains 'bench', e.g. DATABASE_URL=postgres://postgres@127.0.0.1/"
                    "factcheck_bench5"
                )
            started = time.perf_counter()
            generate(options["generate"], stdout=self.stdout)
            self.stdout.write(
                f"Generated {options['generate']} claims in {time.perf_counter() - started:.1f}s"
            )
        self.bench(options["formats"].split(","))

    def bench(self, formats):
        unknown = set(formats) - set(FORMATS)
        if unknown:
            raise CommandError(f"Unknown formats: {', '.join(sorted(unknown))}")
        total = Claim.objects.count()
        load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
        self.stdout.write(f"Database: {connection.vendor}, {total} claims{load}\n")
        self.stdout.write(
            f"{'format':<12} {'rows':>9} {'seconds':>8} {'cpu s':>7} {'rows/s':>9} {'MB out':>8} "
            f"{'peak MB':>8} {'base MB':>8}"
        )
        results = {}
        for format_key in formats:
            result = self.run_child(format_key)
            results[format_key] = result
            rate = result["rows"] / result["seconds"] if result["seconds"] else 0
            self.stdout.write(
                f"{format_key:<12} {result['rows']:>9} {result['seconds']:>8.2f} "
                f"{result['cpu_seconds']:>7.2f} {rate:>9.0f} "
                f"{result['bytes'] / 1e6:>8.1f} {result['peak_mb']:>8.1f} "
                f"{result['baseline_mb']:>8.1f}"
            )
        if connection.vendor == "postgresql":
            copy_seconds = time_psql_copy()
            self.stdout.write(f"\npsql \\copy of the same columns: {copy_seconds:.2f}s")
            for format_key, result in results.items():
                self.stdout.write(
                    f"  {format_key}: {result['seconds'] / copy_seconds:.2f}x \\copy's time"
                )
        else:
            self.stdout.write("\n(psql \\copy reference: PostgreSQL only)")

    def run_child(self, format_key):
        # As in production: DEBUG off, so Django keeps no log of the queries.
        env = {**os.environ, "DEBUG": "0", "SECURE_SSL_REDIRECT": "0"}
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        # This same command in a fresh interpreter, to measure one format's memory alone.
        completed = subprocess.run(  # noqa: S603  # nosec B603
            [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "bench_export",
                "--child",
                format_key,
            ],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        return json.loads(completed.stdout.strip().splitlines()[-1])


FORMAT_CHILD_HELP = "Internal: run one format in this process and print JSON."


def _folded(claims):
    """bulk_create sends no pre_save: fill the folded search columns here."""
    for claim in claims:
        fill_folded_text(claim)
    return claims
