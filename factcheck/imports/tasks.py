"""Import jobs: an uploaded file is checked first (`import_claims(check_only=True)`, nothing
written) and kept as an ImportJob with the check's report, the import page's check step;
one click then imports it (`import_it`). A small file is checked and imported in the request;
a big one (over FACTCHECK_IMPORT_BACKGROUND_BYTES) is checked by the `run_check` task and
imported by the `run_import` task on a worker, each reporting its progress for the job's
page. Still all or nothing: the tasks call the same `import_claims`, in one transaction. A
job whose worker died (killed, machine restarted) is found by its worker's heartbeat
(factcheck.heartbeat) and marked crashed by `fail_if_worker_died`, which the progress page
calls: nothing was written, since its transaction died with the worker. A job whose task
never reached the queue (enqueueing failed after the job was saved, or the queue lost it) is
enqueued again by `requeue_waiting` when a worker starts and by `requeue_if_stuck` from its
page, whether it waits to be checked or to be imported; each task claims its job before it
works (a conditional UPDATE from the waiting state to the running one), so a job enqueued
twice is still checked once and imported once."""

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
# Set while a waiting job's task was enqueued again recently: one re-enqueue per interval (per
# waiting state: the check's and the import's are two tasks).
REQUEUED_KEY = "factcheck:import:{pk}:{state}:requeued"

log = logging.getLogger(__name__)


def in_background(size: int) -> bool:
    """Whether a file of `size` bytes is checked and imported on a worker."""
    return size > settings.FACTCHECK_IMPORT_BACKGROUND_BYTES


def start_check(*, data: bytes, filename: str, actor) -> tuple[ImportJob | None, ImportReport]:
    """The check step for `actor`'s file (`data`, the bytes of `filename`): nothing is
    written. A small file is checked now: (the job, kept with its file and the check's
    report, state CHECKED), or (None, the report) when the check found problems (nothing to
    keep). A big one is kept and queued for `run_check`: (the job, state TO_CHECK, an empty
    report). The actor's older checked jobs that were never imported forget their files.
    Raises NotPermitted."""
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    # One preview at a time per person: an abandoned check does not keep its file for ever.
    ImportJob.objects.filter(actor=actor, state=ImportJob.State.CHECKED).exclude(data=b"").update(
        data=b""
    )
    if in_background(len(data)):
        job = ImportJob.objects.create(
            filename=filename,
            data=data,
            size=len(data),
            actor=actor,
            state=ImportJob.State.TO_CHECK,
            queued_at=timezone.now(),
        )
        # No progress before its task starts (an id used again, after a test database's
        # flush, must not show an older job's).
        caches["progress"].delete(PROGRESS_KEY.format(pk=job.pk))
        _enqueue_on_commit(run_check, job.pk)
        return job, ImportReport(filename=filename, checked_only=True)
    report = import_claims(data=data, filename=filename, actor=actor, check_only=True)
    if not report.ok:
        return None, report
    job = ImportJob.objects.create(
        filename=filename,
        data=data,
        size=len(data),
        actor=actor,
        state=ImportJob.State.CHECKED,
        checked=report.as_data(),
    )
    return job, report


def _enqueue_on_commit(task_, pk):
    # robust: the job is saved; a queue that is down must not turn that into an error page.
    # The job waits, and `requeue_waiting` / `requeue_if_stuck` enqueue it again.
    transaction.on_commit(lambda: task_.enqueue(pk), robust=True)


@task()
def run_check(job_id: int) -> str:
    """Check the queued job `job_id` (nothing written); keep the check's report on the job,
    and its file only if it can be imported. Returns the job's state. Safe to run twice, even
    at once: only the run that moves the job from TO_CHECK to CHECKING checks; any other
    returns the state it finds."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.TO_CHECK).update(
        state=ImportJob.State.CHECKING
    )
    if not claimed:
        return ImportJob.objects.values_list("state", flat=True).get(pk=job_id)
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    with heartbeat.beating_for_this_job() as worker:
        reporter = _ProgressReporter(job.pk, worker)
        reporter.started()
        try:
            report = import_claims(
                data=bytes(job.data),
                filename=job.filename,
                actor=job.actor,
                on_progress=reporter,
                check_only=True,
            )
        except Exception as error:
            report = ImportReport(filename=job.filename)
            report.problems.append(Problem(f"The check stopped ({error}); nothing was written."))
            ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKING).update(
                state=ImportJob.State.CRASHED,
                report=report_data(report),
                data=b"",
                finished_at=timezone.now(),
            )
            return ImportJob.State.CRASHED
    changes = {"state": ImportJob.State.CHECKED, "checked": report_data(report)}
    if not report.ok:
        changes["data"] = b""  # nothing can be imported from it
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKING).update(**changes)
    return ImportJob.State.CHECKED


def import_it(*, job: ImportJob, actor, skip_same_figure: bool = False) -> ImportJob:
    """Import the checked `job` for `actor` (the one click after the check): now for a
    small file, on a worker (`run_import`) for a big one. Returns the job as it now is.
    Importing a job that is not waiting checked (already imported, clicked twice, or its
    check found problems) does nothing. Raises NotPermitted."""
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    background = in_background(job.size)
    state = ImportJob.State.QUEUED if background else ImportJob.State.RUNNING
    taken = (
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED)
        .exclude(data=b"")
        .update(state=state, skip_same_figure=skip_same_figure, queued_at=timezone.now())
    )
    if taken:
        # The check's progress is done with: the import's page starts from "waiting".
        caches["progress"].delete(PROGRESS_KEY.format(pk=job.pk))
        if background:
            _enqueue_on_commit(run_import, job.pk)
        else:
            _import_job(job.pk)
    job.refresh_from_db()
    return job


@task()
def run_import(job_id: int) -> str:
    """Run the queued import `job_id`; keep its report on the job and forget the file.
    Returns the job's state. Safe to run twice, even at once: only the run that moves the
    job from queued to running imports; any other returns the state it finds."""
    # Claim the job: a conditional UPDATE, so of two runs (a job enqueued again while its
    # first task still waited) exactly one sees its row change.
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING
    )
    if not claimed:
        # Run again (a retried task: the first run's report stands), or not checked yet.
        return ImportJob.objects.values_list("state", flat=True).get(pk=job_id)
    return _import_job(job_id)


def _import_job(job_id: int) -> str:
    # The job is RUNNING, claimed by its caller.
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    with heartbeat.beating_for_this_job() as worker:
        reporter = _ProgressReporter(job.pk, worker)
        reporter.started()
        try:
            report = import_claims(
                data=bytes(job.data),
                filename=job.filename,
                actor=job.actor,
                on_progress=reporter,
                skip_same_figure=job.skip_same_figure,
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


# The states of a job waiting for its task: to be checked (`run_check`), to be imported
# (`run_import`).
WAITING = (ImportJob.State.TO_CHECK, ImportJob.State.QUEUED)


def _task_waited_for(state):
    return run_check if state == ImportJob.State.TO_CHECK else run_import


def requeue_delay() -> timedelta:
    """How long a job may wait before its task is taken for lost and enqueued again."""
    return timedelta(minutes=settings.FACTCHECK_IMPORT_REQUEUE_MINUTES)


def requeue_waiting() -> list[int]:
    """Enqueue again the task of every job still waiting (to be checked, or to be imported)
    longer than `requeue_delay()` since its task was enqueued, and not enqueued again within
    it; `run_worker` calls it as a worker starts. Returns the ids of the jobs enqueued. A job
    whose first task is merely behind others runs once all the same (`run_check` and
    `run_import` claim it). Raises what the queue raises."""
    since = timezone.now() - requeue_delay()
    waiting = ImportJob.objects.filter(state__in=WAITING, queued_at__lt=since)
    requeued = []
    for pk, state in waiting.order_by("queued_at").values_list("pk", "state"):
        if _requeue(pk, state):
            requeued.append(pk)
    return requeued


def requeue_if_stuck(job: ImportJob) -> bool:
    """Enqueue `job`'s task again if it is still waiting (to be checked, or to be imported)
    after `requeue_delay()` and was not enqueued again within it (its page calls this as it
    reloads, so a lost task is found without a worker restart). Returns whether it was. A
    queue that cannot be reached is logged, not raised: the page still shows the job
    waiting, and the next try may work."""
    if job.state not in WAITING or job.queued_at is None:
        return False
    if job.queued_at > timezone.now() - requeue_delay():
        return False
    try:
        return _requeue(job.pk, job.state)
    except Exception:
        log.exception("Could not enqueue import job %s again", job.pk)
        return False


def _requeue(pk, state) -> bool:
    # cache.add: of the pages and workers finding the job at once, one enqueues (the file
    # cache is not strictly atomic; a doubled task is harmless, the task claims the job).
    key = REQUEUED_KEY.format(pk=pk, state=state)
    if not caches["progress"].add(key, True, requeue_delay().total_seconds()):
        return False
    try:
        _task_waited_for(state).enqueue(pk)
    except Exception:
        caches["progress"].delete(key)  # so the next try may
        raise
    return True


class _ProgressReporter:
    """Keeps the rows validated and written where the progress page reads them. Not in the
    database: the import's own transaction is still open (on SQLite it holds the only write
    lock). The "progress" cache is shared by the web server and the workers."""

    def __init__(self, pk, worker):
        self.key = PROGRESS_KEY.format(pk=pk)
        self.state = dict(EMPTY_PROGRESS)
        # Which worker runs the job, so that the page can tell when it died (None when this
        # process has no heartbeat, e.g. tasks run in the web process: then it cannot tell).
        self.state["worker"] = worker

    def started(self):
        caches["progress"].set(self.key, self.state, PROGRESS_KEEP)

    def __call__(self, stage, done, total):
        self.state["stage"] = stage
        if stage == "validating":
            self.state.update(validated=done, lines=total)
        elif stage == "matching":
            self.state.update(matched=done, to_match=total)
        else:
            self.state.update(written=done, to_write=total)
        caches["progress"].set(self.key, self.state, PROGRESS_KEEP)


EMPTY_PROGRESS = {
    "stage": None,
    "validated": 0,
    "lines": 0,
    "matched": 0,
    "to_match": 0,
    "written": 0,
    "to_write": 0,
}


def progress(job: ImportJob) -> dict:
    """Where `job` is: stage ("validating", "matching", "writing" or None before it
    starts), lines `validated` of `lines`, rows `matched` of `to_match` (looked up for their
    matches in the desk), claims `written` of `to_write`, and `percent`: how far the current
    stage is (each stage's count is exact, their durations are not comparable)."""
    found = caches["progress"].get(PROGRESS_KEY.format(pk=job.pk)) or {}
    state = {**EMPTY_PROGRESS, **found}
    done, total = {
        "validating": (state["validated"], state["lines"]),
        "matching": (state["matched"], state["to_match"]),
        "writing": (state["written"], state["to_write"]),
    }.get(state["stage"], (0, 0))
    state["percent"] = min(100, round(100 * done / total)) if total else 0
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
    if job.state not in (ImportJob.State.RUNNING, ImportJob.State.CHECKING):
        return job
    worker = (caches["progress"].get(PROGRESS_KEY.format(pk=job.pk)) or {}).get("worker")
    if not worker or heartbeat.is_alive(worker):
        return job
    report = ImportReport(filename=job.filename)
    report.problems.append(Problem(WORKER_DIED))
    ImportJob.objects.filter(pk=job.pk, state=job.state).update(
        state=ImportJob.State.CRASHED, report=report_data(report), finished_at=timezone.now()
    )
    job.refresh_from_db(fields=["state", "report", "finished_at"])
    return job


def report_data(report: ImportReport) -> dict:
    """`report` as plain JSON data (messages as text)."""
    return report.as_data()


def report_of(job: ImportJob) -> ImportReport | None:
    """The finished job's report, as `import_claims` returned it."""
    return ImportReport.from_data(job.report) if job.report else None


def check_of(job: ImportJob) -> ImportReport | None:
    """The job's check report (the check step's `import_claims(check_only=True)`), once
    checked."""
    return ImportReport.from_data(job.checked) if job.checked else None
