"""Imports that run on a worker: big files are queued as an ImportJob and run by the
`run_import` task, which reports its progress for the progress page. Still all or nothing:
the task calls the same `import_claims`, in one transaction. A job whose worker died (killed,
machine restarted) is found by its worker's heartbeat (factcheck.heartbeat) and marked
crashed by `fail_if_worker_died`, which the progress page calls: nothing was written, since
its transaction died with the worker. A job whose task never reached the queue (enqueueing
failed after the job was saved, or the queue lost it) is enqueued again by `requeue_waiting`
when a worker starts and by `requeue_if_stuck` from its progress page; `run_import` claims
its job before importing, so a job enqueued twice is still imported once."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from factcheck import heartbeat
from factcheck.errors import NotPermitted
from factcheck.imports.services import ImportReport, Problem, import_claims
from factcheck.models import ImportJob
from factcheck.permissions import can_import

PROGRESS_KEY = "factcheck:import:{pk}"
PROGRESS_KEEP = 24 * 60 * 60
# Set while a waiting job's task was enqueued again recently: one re-enqueue per interval.
REQUEUED_KEY = "factcheck:import:{pk}:requeued"

log = logging.getLogger(__name__)


def start_import(*, data: bytes, filename: str, actor) -> ImportJob:
    """Keep the file (`data`, the bytes of `filename`) and queue its import for `actor`.
    Returns the ImportJob; `run_import` runs it on a worker. Raises NotPermitted."""
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    job = ImportJob.objects.create(filename=filename, data=data, size=len(data), actor=actor)
    # robust: the job is saved; a queue that is down must not turn that into an error page.
    # The job waits, and `requeue_waiting` / `requeue_if_stuck` enqueue it again.
    transaction.on_commit(lambda: run_import.enqueue(job.pk), robust=True)
    return job


@task()
def run_import(job_id: int) -> str:
    """Run the queued import `job_id`; keep its report on the job and forget the file.
    Returns the job's state. Safe to run twice, even at once: only the run that moves the
    job from queued to running imports; any other returns the state it finds."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.finished:
        return job.state  # run twice (a retried task): the first run's report stands
    # Claim the job: a conditional UPDATE, so of two runs (a job enqueued again while its
    # first task still waited) exactly one sees its row change.
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING
    )
    if not claimed:
        return ImportJob.objects.values_list("state", flat=True).get(pk=job.pk)
    with heartbeat.beating_for_this_job() as worker:
        reporter = _ProgressReporter(job.pk, worker)
        reporter.started()
        try:
            report = import_claims(
                data=bytes(job.data), filename=job.filename, actor=job.actor, on_progress=reporter
            )
            state = ImportJob.State.DONE if report.ok else ImportJob.State.REFUSED
        except Exception as error:
            report = ImportReport(filename=job.filename)
            report.problems.append(Problem(f"Nothing was written: the import stopped ({error})."))
            state = ImportJob.State.CRASHED
    ImportJob.objects.filter(pk=job.pk).update(
        state=state, report=report_data(report), data=b"", finished_at=timezone.now()
    )
    return state


def requeue_delay() -> timedelta:
    """How long a job may wait before its task is taken for lost and enqueued again."""
    return timedelta(minutes=settings.FACTCHECK_IMPORT_REQUEUE_MINUTES)


def requeue_waiting() -> list[int]:
    """Enqueue `run_import` again for every job still waiting (queued) longer than
    `requeue_delay()` and not enqueued again within it; `run_worker` calls it as a worker
    starts. Returns the ids of the jobs enqueued. A job whose first task is merely behind
    others runs once all the same (`run_import` claims it). Raises what the queue raises."""
    since = timezone.now() - requeue_delay()
    waiting = ImportJob.objects.filter(state=ImportJob.State.QUEUED, created_at__lt=since)
    requeued = []
    for pk in waiting.order_by("created_at").values_list("pk", flat=True):
        if _requeue(pk):
            requeued.append(pk)
    return requeued


def requeue_if_stuck(job: ImportJob) -> bool:
    """Enqueue `job` again if it is still waiting after `requeue_delay()` and was not enqueued
    again within it (its progress page calls this as it reloads, so a lost task is found
    without a worker restart). Returns whether it was. A queue that cannot be reached is
    logged, not raised: the page still shows the job waiting, and the next try may work."""
    if job.state != ImportJob.State.QUEUED or job.created_at > timezone.now() - requeue_delay():
        return False
    try:
        return _requeue(job.pk)
    except Exception:
        log.exception("Could not enqueue import job %s again", job.pk)
        return False


def _requeue(pk) -> bool:
    # cache.add: of the pages and workers finding the job at once, one enqueues (the file
    # cache is not strictly atomic; a doubled task is harmless, `run_import` claims the job).
    if not caches["progress"].add(
        REQUEUED_KEY.format(pk=pk), True, requeue_delay().total_seconds()
    ):
        return False
    try:
        run_import.enqueue(pk)
    except Exception:
        caches["progress"].delete(REQUEUED_KEY.format(pk=pk))  # so the next try may
        raise
    return True


class _ProgressReporter:
    """Keeps the rows validated and written where the progress page reads them. Not in the
    database: the import's own transaction is still open (on SQLite it holds the only write
    lock). The "progress" cache is shared by the web server and the workers."""

    def __init__(self, pk, worker):
        self.key = PROGRESS_KEY.format(pk=pk)
        self.state = {"stage": None, "validated": 0, "lines": 0, "written": 0, "to_write": 0}
        # Which worker runs the job, so that the page can tell when it died (None when this
        # process has no heartbeat, e.g. tasks run in the web process: then it cannot tell).
        self.state["worker"] = worker

    def started(self):
        caches["progress"].set(self.key, self.state, PROGRESS_KEEP)

    def __call__(self, stage, done, total):
        self.state["stage"] = stage
        if stage == "validating":
            self.state.update(validated=done, lines=total)
        else:
            self.state.update(written=done, to_write=total)
        caches["progress"].set(self.key, self.state, PROGRESS_KEEP)


def progress(job: ImportJob) -> dict:
    """Where `job` is: stage ("validating", "writing" or None before it starts), lines
    `validated` of `lines`, claims `written` of `to_write`, and `percent` done overall
    (validating counts for the first half)."""
    found = caches["progress"].get(PROGRESS_KEY.format(pk=job.pk)) or {}
    state = {"stage": None, "validated": 0, "lines": 0, "written": 0, "to_write": 0, **found}
    half = 0.0
    if state["lines"]:
        half = state["validated"] / state["lines"] / 2
    if state["to_write"]:
        half = 0.5 + state["written"] / state["to_write"] / 2
    state["percent"] = min(100, round(100 * half))
    return state


WORKER_DIED = (
    "Nothing was written: the worker running this import stopped before it finished "
    "(killed or restarted). Upload the file again to start again."
)


def fail_if_worker_died(job: ImportJob) -> ImportJob:
    """Mark `job` crashed, with WORKER_DIED as its report's problem, if it is running on a
    worker whose heartbeat stopped (older than FACTCHECK_WORKER_STALE_SECONDS, or forgotten
    at a clean stop): its transaction died with it, so nothing was written and nothing will
    finish it. Returns the job as it now is. Only a running job whose worker is recorded is
    judged; the update is conditional, so a job that finished meanwhile keeps its report."""
    if job.state != ImportJob.State.RUNNING:
        return job
    worker = (caches["progress"].get(PROGRESS_KEY.format(pk=job.pk)) or {}).get("worker")
    if not worker or heartbeat.is_alive(worker):
        return job
    report = ImportReport(filename=job.filename)
    report.problems.append(Problem(WORKER_DIED))
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.CRASHED, report=report_data(report), finished_at=timezone.now()
    )
    job.refresh_from_db(fields=["state", "report", "finished_at"])
    return job


def report_data(report: ImportReport) -> dict:
    """`report` as plain JSON data (messages as text)."""

    def problems(found):
        return [{"message": str(p.message), "line": p.line, "column": p.column} for p in found]

    return {
        "filename": report.filename,
        "created": report.created,
        "duplicates": problems(report.duplicates),
        "notices": problems(report.notices),
        "problems": problems(report.problems),
    }


def report_of(job: ImportJob) -> ImportReport | None:
    """The finished job's report, as `import_claims` returned it."""
    if not job.report:
        return None
    data = dict(job.report)
    for name in ("duplicates", "notices", "problems"):
        data[name] = [Problem(**problem) for problem in data[name]]
    return ImportReport(**data)
