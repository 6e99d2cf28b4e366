"""`python manage.py bench_webhooks`: how fast status changes reach a webhook receiver.

Makes `--changes` status changes (10,000) through `transition_claim`, one transaction each, on
`--claims` claims in turn, with one subscription pointing at a receiver on 127.0.0.1 run by
this command, and one worker (`run_worker`, a separate process) on each backend asked for.
Prints events delivered per second (first commit to last delivery) and the p50/p95 time from
each change's commit to its delivery, and whether every event arrived. It writes claims and
users, so it refuses a database whose name does not contain "bench".
"""

import json
import os
import signal
import statistics
import subprocess  # nosec B404: runs this project's own manage.py, never user input
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from factcheck.models import Claim, Claimant, EventType, Status, WebhookSubscription
from factcheck.roles import EDITOR, add_to_role
from factcheck.webhooks.services import create_subscription
from factcheck.workflow.services import transition_claim

BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}


class Command(BaseCommand):
    help = "Status changes to a local webhook receiver: events/s and commit-to-delivery p50/p95."

    def add_arguments(self, parser):
        parser.add_argument("--changes", type=int, default=10_000)
        parser.add_argument("--claims", type=int, default=200)
        parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
        parser.add_argument("--wait", type=float, default=300, help="seconds to wait at most")

    def handle(self, *args, changes, claims, backend, wait, **options):
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run it on a benchmark database (its name contains 'bench').")
        editor = self._editor()
        for name in BACKENDS if backend == "both" else [backend]:
            self._run(name, editor, changes, claims, wait)

    def _editor(self):
        user, created = get_user_model().objects.get_or_create(username="bench-webhooks")
        if created:
            add_to_role(user, EDITOR)
        return get_user_model().objects.get(pk=user.pk)

    def _run(self, backend, editor, changes, count, wait):
        claimant, _ = Claimant.objects.get_or_create(name="Bench webhooks claimant")
        claims = Claim.objects.bulk_create(
            Claim(statement=f"Bench claim {n}", claimant=claimant, created_by=editor)
            for n in range(count)
        )
        receiver = _Receiver()
        with override_settings(
            FACTCHECK_WEBHOOKS_ALLOW_PRIVATE=True,
            TASKS={"default": {"BACKEND": BACKENDS[backend], "QUEUES": ["default"]}},
        ):
            subscription, _ = create_subscription(
                actor=editor, url=receiver.url, event_types=[EventType.STATUS_CHANGED]
            )
            worker = self._start_worker(backend)
            try:
                # Warm-up, not counted: the worker has started once the first change arrives.
                self._changes(claims[:1], editor, 1)
                if not receiver.wait_for(1, 60):
                    raise CommandError(f"The {backend} worker delivered nothing in 60 s.")
                receiver.arrivals.clear()
                started = time.time()
                committed = self._changes(claims[1:], editor, changes)
                produced = time.time() - started
                done = receiver.wait_for(len(committed), wait)
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(30)
                WebhookSubscription.objects.filter(pk=subscription.pk).delete()
                receiver.stop()
        self._print(backend, committed, receiver.arrivals, done, produced)

    def _start_worker(self, backend):
        env = {
            **os.environ,
            "FACTCHECK_TASKS_BACKEND": backend,
            "FACTCHECK_WEBHOOKS_ALLOW_PRIVATE": "1",
        }
        return subprocess.Popen(  # nosec B603: our own manage.py, fixed arguments
            [sys.executable, "manage.py", "run_worker", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _changes(self, claims, editor, changes):
        """Move the claims back and forth between unverified and in review; return the
        commit time of each change, by (claim id, version after it)."""
        committed = {}
        versions = {claim.pk: 1 for claim in claims}
        for n in range(changes):
            claim = claims[n % len(claims)]
            version = versions[claim.pk]
            to_status = Status.IN_REVIEW if version % 2 else Status.UNVERIFIED
            transition_claim(
                claim=claim, to_status=to_status, actor=editor, expected_version=version
            )
            committed[(claim.pk, version + 1)] = time.time()
            versions[claim.pk] = version + 1
        return committed

    def _print(self, backend, committed, arrivals, done, produced):
        delays = sorted(arrivals[key] - at for key, at in committed.items() if key in arrivals)
        lost = len(committed) - len(delays)
        if not delays:
            self.stdout.write(f"{backend}: nothing delivered")
            return
        span = max(arrivals.values()) - min(committed.values())
        p95 = delays[min(len(delays) - 1, int(len(delays) * 0.95))]
        self.stdout.write(
            f"{backend:8}  {len(committed)} changes ({len(committed) / produced:.0f}/s)  "
            f"delivered {len(delays)} "
            f"({len(delays) / span:.0f} events/s)  commit->delivery p50 "
            f"{statistics.median(delays) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {delays[-1] * 1000:.0f} ms  "
            + ("all delivered" if done and not lost else f"NOT DELIVERED: {lost}")
        )


class _Receiver:
    """An HTTP server on 127.0.0.1 noting when each (claim id, version) first arrived."""

    def __init__(self):
        self.arrivals = {}
        lock = threading.Lock()
        arrivals = self.arrivals

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                claim = json.loads(data)["data"]["claim"]
                with lock:
                    arrivals.setdefault((claim["id"], claim["version"]), time.time())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.arrivals) >= count:
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
