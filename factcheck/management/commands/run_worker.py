"""Run one background worker on the backend that settings choose (FACTCHECK_TASKS_BACKEND).

    python manage.py run_worker                      # database backend: django-tasks-db's db_worker
    FACTCHECK_TASKS_BACKEND=rq python manage.py run_worker   # RQ: django-rq's rqworker

Start as many as you like, on any machine that reaches the database (and Redis). Before it
starts, the worker wakes the webhook delivery task once, so deliveries left behind by a worker
that was stopped (or whose wake-up was lost) go out without waiting for the next event, and
makes sure the daily digest is scheduled (at FACTCHECK_DIGEST_HOUR; the digest task then
schedules the next day's), and enqueues again the imports still waiting to be checked or
imported after FACTCHECK_IMPORT_REQUEUE_MINUTES (their task was lost; each is still checked
once and imported once).
While it runs, a heartbeat (factcheck.heartbeat) tells /healthz that a worker is alive.
"""

import signal
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from factcheck.heartbeat import Heartbeat
from factcheck.imports.tasks import requeue_waiting
from factcheck.notifications.tasks import schedule_digests
from factcheck.webhooks.tasks import wake_delivery


def _exit(signum, frame):
    sys.exit(128 + signum)


class Command(BaseCommand):
    help = "Run a background worker on the backend chosen by FACTCHECK_TASKS_BACKEND."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=0.2,
            help="Database backend: seconds between looks for new tasks when idle (0.2).",
        )

    def handle(self, *args, interval, verbosity, **options):
        backend = settings.FACTCHECK_TASKS_BACKEND
        if backend == "immediate":
            raise CommandError(
                "FACTCHECK_TASKS_BACKEND=immediate runs tasks in the web process: no worker "
                "is needed (or possible). Use database or rq."
            )
        # Until the worker installs its own handlers, a stop request still ends in `finally`.
        signal.signal(signal.SIGTERM, _exit)
        wake_delivery()
        schedule_digests()
        requeued = requeue_waiting()
        if requeued and verbosity:
            self.stdout.write(f"Enqueued again the imports still waiting to be run: {requeued}.")
        heartbeat = Heartbeat().start()
        try:
            self.run(backend, interval, verbosity)
        finally:
            heartbeat.stop()  # stopped cleanly: absent, not stale

    def run(self, backend, interval, verbosity):
        if backend == "database":
            call_command(
                "db_worker",
                interval=interval,
                reload=False,
                startup_delay=False,
                verbosity=verbosity,
            )
        else:
            # django-tasks-rq's Job class runs the tasks; the scheduler runs deferred ones
            # (webhook retries).
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                verbosity=verbosity,
            )
