"""Whether a background worker is alive, for `/healthz` (factcheck.outages).

Every `python manage.py run_worker` runs a small thread that records "worker W was alive at
T" every FACTCHECK_WORKER_HEARTBEAT_SECONDS (10) and removes its record when it stops
cleanly. /healthz then says `ok` (some worker beat within FACTCHECK_WORKER_STALE_SECONDS,
60), `stale` (workers were seen, none that recently: killed, hung machine, lost connection)
or `absent` (none seen for a day, or all stopped cleanly).

Why our own beat: django-tasks-db records no worker at all, and RQ's own registry is
refreshed only every worker TTL minus 15 s (405 s by default) while idle, too slowly to tell
a load balancer anything. One mechanism serves both backends.

Where: the "progress" cache (settings.CACHES), which the web servers and the workers already
share: Redis with the RQ backend, files in FACTCHECK_PROGRESS_DIR with the database backend.
Not a database row: on SQLite a big import's transaction holds the only write lock for
minutes, and the worker running it must still be seen alive. The record is one key holding
{worker id: last beat (Unix seconds)}; two workers beating at the same instant may each
drop the other's entry until its next beat, but the later writer is always there, so "some
worker is alive" never reads false while one is.
"""

import logging
import os
import socket
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

KEY = "factcheck:workers"
# Records older than this are forgotten: a worker gone for a day is absent, not stale.
FORGET_AFTER = 24 * 60 * 60


def _cache():
    return caches["progress"]


def _alive(now: float) -> dict:
    return {
        worker: seen
        for worker, seen in (_cache().get(KEY) or {}).items()
        if now - seen < FORGET_AFTER
    }


def worker_id() -> str:
    """This process as a worker: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(worker: str, now: float | None = None) -> None:
    """Record that `worker` is alive at `now` (Unix seconds; default the current time)."""
    now = time.time() if now is None else now
    workers = _alive(now)
    workers[worker] = now
    _cache().set(KEY, workers, FORGET_AFTER)


def forget(worker: str) -> None:
    """`worker` stopped cleanly: it no longer counts, as alive or as stale."""
    workers = _alive(time.time())
    workers.pop(worker, None)
    _cache().set(KEY, workers, FORGET_AFTER)


def is_alive(worker: str, now: float | None = None) -> bool:
    """Whether `worker` (a worker_id) beat within FACTCHECK_WORKER_STALE_SECONDS: False once
    it was killed (no beat since) or stopped cleanly (its record forgotten)."""
    now = time.time() if now is None else now
    seen = _alive(now).get(worker)
    return seen is not None and now - seen < settings.FACTCHECK_WORKER_STALE_SECONDS


def beating() -> str | None:
    """This process's worker_id if a Heartbeat beats for it (a `run_worker`), else None.
    None too in a process forked from a worker (RQ's work horse): the beating thread stayed
    in the parent, so the parent's id would say nothing about this process."""
    return _beating if _beating_pid == os.getpid() else None


@contextmanager
def beating_for_this_job():
    """Run the block under a worker id whose beat stops when this process dies; yields it,
    or None where no worker runs the job (tasks run in the web process: nobody can tell).

    RQ runs each job in a work horse forked from the worker: the horse may be killed (the
    kernel's out-of-memory killer, RQ's job timeout) while its parent beats on, or outlive a
    parent killed alone. So a horse beats under its own id for the job's length."""
    if beating() is not None or _beating is None:
        yield beating()
        return
    job_heartbeat = Heartbeat().start()
    try:
        yield job_heartbeat.worker
    finally:
        job_heartbeat.stop()


# The worker_id of this process while its Heartbeat runs, and the process it was set in (a
# forked child inherits the variables, not the thread).
_beating = None
_beating_pid = None


def worker_state(now: float | None = None) -> tuple[str, float | None]:
    """("ok" | "stale" | "absent", seconds since the latest beat or None). Reads the cache:
    raises what the cache raises when it cannot be reached (Redis down)."""
    now = time.time() if now is None else now
    workers = _alive(now)
    if not workers:
        return "absent", None
    age = max(0.0, now - max(workers.values()))
    return ("ok" if age < settings.FACTCHECK_WORKER_STALE_SECONDS else "stale"), age


class Heartbeat:
    """A daemon thread that beats for this process until `stop()` (which forgets it). A
    failed beat (cache unreachable) is logged and tried again at the next interval."""

    def __init__(self, interval: float | None = None):
        self.worker = worker_id()
        self.interval = interval or settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> "Heartbeat":
        global _beating, _beating_pid
        beat(self.worker)  # at once, so /healthz is ok as soon as the worker starts
        _beating, _beating_pid = self.worker, os.getpid()
        self._thread.start()
        return self

    def _run(self):
        while not self._stopped.wait(self.interval):
            try:
                beat(self.worker)
            except Exception:  # any cache error: keep beating, the next one may get through
                logger.exception("The worker's heartbeat could not be recorded.")

    def stop(self) -> None:
        global _beating
        _beating = None
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(self.interval + 5)  # a beat under way must not undo the forget
        try:
            forget(self.worker)
        except Exception:
            logger.exception("The worker's heartbeat could not be removed.")
