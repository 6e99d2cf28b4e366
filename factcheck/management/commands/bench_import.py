"""`python manage.py bench_import --rows 100000`: a big import end to end, the way the import
page runs it, with its time, the worker's peak memory and proof that it is all or nothing.

1. Writes a CSV of `--rows` claims in the import template's columns (`--csv PATH` keeps it;
   one claim in five carries a confirmed verdict made elsewhere, with methodology notes,
   evidence, `verified_by` and `verified_at`; the rest are unverified).
2. Unless `--skip-refused`: uploads the same file with its **last** row changed into a refuted
   verdict without contradicting evidence, which only writing finds: the check step (which
   writes the verdict rows and rolls them back) must refuse it and leave the desk as it was.
3. Uploads the good file, waits for its check, clicks Import, and checks that every row
   became a claim with its evidence, audit rows and one `claim.imported` event each.

Uploads go through the import page (`POST /claims/import/` with Django's test client, as
a logged-in editor), so the upload limit and the hand-over to the worker are the page's own;
the import runs on a `python manage.py run_worker` started here, on the backend settings
choose (the database backend by default). Peak memory is the worker process's VmHWM.
Refuses a database whose name does not contain `bench`.
"""

import csv
import os
import random
import signal

# Starts this project's own worker, with arguments built here.
import subprocess  # noqa: S404  # nosec B404
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.test import Client

from factcheck.imports.views import template_columns
from factcheck.models import Claim, ClaimChange, Event, Evidence, ImportJob, StatusChange
from factcheck.roles import EDITOR, add_to_role

CLAIMANTS = [f"Bench claimant {n}" for n in range(150)]
COUNTED = ["refugees", "civilians killed", "people displaced", "homes destroyed", "tonnes"]
PLACES = ["Ukraine", "Kharkiv", "Mariupol", "Kyiv", "Poland", "Moldova"]


def write_csv(path: Path, rows: int, *, seed: int, bad_last_row: bool = False) -> None:
    """`rows` claims in the template's columns: unique statements, 150 claimants, figures,
    ISO dates; every fifth a confirmed verdict made elsewhere."""
    # Synthetic data, not secrets.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    columns = template_columns()
    start = date(2022, 2, 24)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns, lineterminator="\r\n")
        writer.writeheader()
        for n in range(rows):
            as_of = start + timedelta(days=rng.randrange(700))
            counted, place = rng.choice(COUNTED), rng.choice(PLACES)
            value = rng.randrange(10, 5_000_000)
            row = {
                "statement": f"Bench claim {n}: at least {value:,} {counted} in {place}.",
                "claimant": rng.choice(CLAIMANTS),
                "claimant_kind": "ngo",
                "value": str(value),
                "qualifier": "at_least",
                "counted": counted,
                "place": place,
                "as_of": as_of.isoformat(),
                "status": "unverified",
                "source_url": f"https://news.example.org/bench/{n}",
                "source_title": f"Bench article {n}",
                "source_date": as_of.isoformat(),
            }
            if n % 5 == 0:
                verified = datetime.combine(as_of, datetime.min.time(), UTC) + timedelta(hours=9)
                row.update(
                    {
                        "status": "confirmed",
                        "methodology_notes": "Checked against the agency's published table.",
                        "evidence_urls": f"https://data.example.org/bench/{n}",
                        "verified_by": "Partner desk editor",
                        "verified_at": verified.isoformat(),
                    }
                )
            if bad_last_row and n == rows - 1:
                # Found only while writing (a guard of the refuting transition).
                row.update({"status": "refuted", "methodology_notes": "", "evidence_urls": ""})
                row.update({"verified_by": "", "verified_at": ""})
            writer.writerow({name: row.get(name, "") for name in columns})


def peak_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def counts() -> dict:
    return {
        "claims": Claim.objects.count(),
        "evidence": Evidence.objects.count(),
        "status changes": StatusChange.objects.count(),
        "claim changes": ClaimChange.objects.count(),
        "events": Event.objects.count(),
    }


class Command(BaseCommand):
    help = "Time a big import through the import page and a worker (benchmark databases only)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=16)
        parser.add_argument("--csv", help="keep the generated file here")
        parser.add_argument(
            "--skip-refused", action="store_true", help="skip the all-or-nothing run"
        )
        parser.add_argument(
            "--only-refused", action="store_true", help="only the all-or-nothing run"
        )

    def handle(self, *args, rows, seed, csv, skip_refused, only_refused, **options):
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Refusing: the database name must contain 'bench'.")
        if settings.FACTCHECK_TASKS_BACKEND == "immediate":
            raise CommandError("Needs a worker backend: database or rq.")
        user, _ = get_user_model().objects.get_or_create(username="bench-importer")
        add_to_role(user, EDITOR)
        # Whatever its size, the file goes to the worker, as big files do from the page.
        settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 0
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
        good = Path(csv) if csv else folder / f"bench-{rows}.csv"
        started = time.perf_counter()
        write_csv(good, rows, seed=seed)
        self.stdout.write(
            f"Wrote {rows:,} rows, {good.stat().st_size / 2**20:.1f} MB, to {good} "
            f"in {time.perf_counter() - started:.1f} s."
        )
        # Our own manage.py, with arguments fixed here.
        worker = subprocess.Popen(  # noqa: S603  # nosec B603
            [sys.executable, "manage.py", "run_worker"],
            cwd=settings.BASE_DIR,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if not skip_refused:
                bad = folder / f"bench-{rows}-bad-last-row.csv"
                write_csv(bad, rows, seed=seed, bad_last_row=True)
                before = counts()
                job, seconds, memory = self.run_job(client, bad, worker)
                after = counts()
                held = "held" if before == after else f"BROKEN: {before} -> {after}"
                found = job.report or job.checked or {}
                self.stdout.write(
                    f"Refused run: {job.state} after {seconds:.1f} s, worker peak "
                    f"{memory:.0f} MB; problems: "
                    f"{[p['message'][:100] for p in found.get('problems', [])][:2]}; "
                    f"all or nothing {held}."
                )
                bad.unlink()
            if only_refused:
                return
            before = counts()
            job, seconds, memory = self.run_job(client, good, worker)
            after = counts()
            written = {name: after[name] - before[name] for name in after}
            self.stdout.write(
                f"Import: {job.state}, {len(job.report.get('created', [])):,} claims in "
                f"{seconds:.1f} s ({rows / seconds:.0f} rows/s), worker peak {memory:.0f} MB; "
                f"written: {written}."
            )
        finally:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(30)
            if not csv:
                good.unlink(missing_ok=True)
            load = os.getloadavg()
            self.stdout.write(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")

    def run_job(self, client, path, worker):
        with path.open("rb") as upload:
            # secure: with DEBUG off, http would be redirected to https.
            response = client.post("/claims/import/", {"file": upload}, secure=True)
        if response.status_code != 302:
            raise CommandError(f"The import page answered {response.status_code}, not a redirect.")
        job = ImportJob.objects.order_by("-pk").first()
        started = time.monotonic()
        memory = self.wait(job, worker, lambda job: not job.being_checked)
        checked = job.checked or {}
        self.stdout.write(
            f"  check: {time.monotonic() - started:.1f} s, "
            f"{len(checked.get('problems', []))} problems, "
            f"{len(checked.get('matches', []))} rows with matches"
        )
        if job.state == ImportJob.State.CHECKED and not checked.get("problems"):
            # The one click that imports the checked file.
            client.post(f"/claims/import/{job.pk}/", secure=True)
            memory = max(memory, self.wait(job, worker, lambda job: job.finished))
        return job, time.monotonic() - started, memory

    @staticmethod
    def wait(job, worker, done):
        memory = 0.0
        while True:
            try:
                job.refresh_from_db()
            except OperationalError:  # SQLite: the worker's commit holds the file a moment
                time.sleep(1)
                continue
            memory = max(memory, peak_mb(worker.pid) or 0.0)
            if done(job):
                return memory
            if worker.poll() is not None:
                raise CommandError(f"The worker stopped (exit {worker.returncode}).")
            time.sleep(1)
