"""Big imports run on a worker, with a progress page, and are still all or nothing."""

import os
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck import heartbeat
from factcheck.imports import batch_writer, tasks
from factcheck.imports.services import import_claims
from factcheck.imports.tasks import PROGRESS_KEY, run_import
from factcheck.management.commands import run_worker
from factcheck.models import Claim, ImportJob

pytestmark = pytest.mark.django_db


def csv_file(rows, bad_line=None):
    lines = ["statement,claimant,value,qualifier,counted"]
    for n in range(rows):
        qualifier = "nonsense" if n + 2 == bad_line else "exactly"
        lines.append(f"Claim {n},UNHCR,{n + 1},{qualifier},refugees")
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(client, data):
    return client.post(
        reverse("claim-import"), {"file": SimpleUploadedFile("big.csv", data, "text/csv")}
    )


def test_a_big_file_is_checked_then_imported_on_a_worker_each_with_its_progress(
    client_for, editor, settings
):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    client = client_for(editor)
    response = upload(client, csv_file(30))
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.TO_CHECK
    assert response["Location"] == reverse("claim-import-job", args=[job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "Checking big.csv" in waiting and "nothing is written" in waiting
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting

    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED

    assert Claim.objects.count() == 0
    checked = client.get(response["Location"]).content.decode()
    assert "big.csv is ready: importing it adds 30 claims" in checked
    assert "refresh" not in checked and "imported in the background" in checked
    assert client.post(response["Location"])["Location"] == response["Location"]
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED and Claim.objects.count() == 0
    assert "Importing big.csv" in client.get(response["Location"]).content.decode()

    assert run_import.call(job.pk) == ImportJob.State.DONE

    assert Claim.objects.count() == 30
    page = client.get(response["Location"]).content.decode()
    assert "Imported 30 claims from big.csv." in page
    assert "<progress" not in page and "refresh" not in page
    job.refresh_from_db()
    assert bytes(job.data) == b""  # the file is not kept once imported


def test_a_bad_row_in_a_big_file_is_shown_by_its_check_and_cannot_be_imported(
    client_for, editor, settings
):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    client = client_for(editor)
    upload(client, csv_file(30, bad_line=25))
    job = ImportJob.objects.get()
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    page = client.get(reverse("claim-import-job", args=[job.pk])).content.decode()
    assert "Nothing can be imported from big.csv" in page and "nonsense" in page
    assert "claims</button>" not in page  # no Import button
    client.post(reverse("claim-import-job", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and bytes(job.data) == b""
    assert Claim.objects.count() == 0


def test_a_check_run_twice_keeps_its_first_result(editor, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    job, _ = tasks.start_check(data=csv_file(3), filename="big.csv", actor=editor)
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    assert Claim.objects.count() == 0


def test_someone_elses_import_is_not_shown(client_for, editor, editor2, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    upload(client_for(editor), csv_file(3))
    job = ImportJob.objects.get()
    assert client_for(editor2).get(reverse("claim-import-job", args=[job.pk])).status_code == 404


def test_progress_is_reported_while_checking_and_writing(editor, settings, monkeypatch):
    # Writing reports after each batch of claims.
    monkeypatch.setattr(batch_writer, "BATCH_SIZE", 200)
    seen = []
    report = import_claims(
        data=csv_file(450),
        filename="f.csv",
        actor=editor,
        on_progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert report.ok
    assert ("validating", 200, 452) in seen and ("validating", 452, 452) in seen
    writing = [entry for entry in seen if entry[0] == "writing"]
    assert writing == [("writing", 200, 450), ("writing", 400, 450), ("writing", 450, 450)]


def running_job(editor, worker):
    """A job a worker took, as run_import leaves it while the import runs."""
    job = ImportJob.objects.create(
        filename="big.csv", data=b"x", size=1, actor=editor, state=ImportJob.State.RUNNING
    )
    caches["progress"].set(PROGRESS_KEY.format(pk=job.pk), {"stage": "writing", "worker": worker})
    return job


def job_page(client_for, editor, job):
    return client_for(editor).get(reverse("claim-import-job", args=[job.pk])).content.decode()


def test_an_import_whose_worker_died_is_shown_as_failed(client_for, editor, settings):
    settings.FACTCHECK_WORKER_STALE_SECONDS = 60
    heartbeat.beat("host:41", now=time.time() - 61)  # killed a minute ago: no beat since
    job = running_job(editor, "host:41")

    page = job_page(client_for, editor, job)

    job.refresh_from_db()
    assert job.state == ImportJob.State.CRASHED and job.finished_at is not None
    assert "Upload the file again to start again." in page and "refresh" not in page


def test_a_check_whose_worker_died_is_shown_as_failed(client_for, editor, settings):
    settings.FACTCHECK_WORKER_STALE_SECONDS = 60
    heartbeat.beat("host:40", now=time.time() - 61)
    job = running_job(editor, "host:40")
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.CHECKING)
    page = job_page(client_for, editor, job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.CRASHED
    assert "Nothing was written" in page and "refresh" not in page


def test_an_import_whose_worker_stopped_cleanly_mid_import_is_shown_as_failed(client_for, editor):
    heartbeat.beat("host:42")
    heartbeat.forget("host:42")
    job = running_job(editor, "host:42")
    job_page(client_for, editor, job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.CRASHED


@pytest.mark.parametrize("worker", ["host:43", None])
def test_an_import_on_a_live_or_unknown_worker_is_still_running(client_for, editor, worker):
    heartbeat.beat("host:43")
    job = running_job(editor, worker)
    page = job_page(client_for, editor, job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING and 'http-equiv="refresh"' in page


def run_recording_the_worker(job, monkeypatch):
    """Run `job`; returns the worker its progress named, and whether it was alive then."""
    seen = []

    def import_noting_the_worker(**kwargs):
        worker = caches["progress"].get(PROGRESS_KEY.format(pk=job.pk))["worker"]
        seen.append((worker, heartbeat.is_alive(worker)))
        return import_claims(**kwargs)

    monkeypatch.setattr(tasks, "import_claims", import_noting_the_worker)
    assert run_import.call(job.pk) == ImportJob.State.DONE
    return seen[0]


def test_the_worker_running_an_import_is_recorded_for_its_page(editor, monkeypatch):
    heartbeat.beat("host:44")
    monkeypatch.setattr(heartbeat, "_beating", "host:44")
    monkeypatch.setattr(heartbeat, "_beating_pid", os.getpid())
    job = ImportJob.objects.create(filename="f.csv", data=csv_file(3), size=1, actor=editor)
    assert run_recording_the_worker(job, monkeypatch) == ("host:44", True)


def test_a_work_horse_forked_from_a_worker_beats_for_its_job_under_its_own_id(editor, monkeypatch):
    # RQ runs a job in a child of the worker: the child inherits the parent's id, not its
    # beating thread, and may be killed while the parent lives on.
    monkeypatch.setattr(heartbeat, "_beating", "host:45")
    monkeypatch.setattr(heartbeat, "_beating_pid", os.getpid() + 1)  # set in the parent
    job = ImportJob.objects.create(filename="f.csv", data=csv_file(3), size=1, actor=editor)

    worker, alive = run_recording_the_worker(job, monkeypatch)

    assert worker == heartbeat.worker_id() != "host:45" and alive
    assert not heartbeat.is_alive(worker)  # forgotten once the job is done


def test_tasks_run_in_the_web_process_name_no_worker(editor, monkeypatch):
    job = ImportJob.objects.create(filename="f.csv", data=csv_file(3), size=1, actor=editor)
    assert run_recording_the_worker(job, monkeypatch) == (None, False)


# --- A job whose task was lost, and a job run twice -------------------------------------------

TO_CHECK, QUEUED = ImportJob.State.TO_CHECK, ImportJob.State.QUEUED


def waiting_job(editor, *, minutes_ago, rows=3, state=QUEUED, uploaded_minutes_ago=None):
    """A job waiting for its task (to be checked, or to be imported), enqueued `minutes_ago`."""
    now = timezone.now()
    job = ImportJob.objects.create(
        filename="big.csv",
        data=csv_file(rows),
        actor=editor,
        state=state,
        created_at=now - timedelta(minutes=uploaded_minutes_ago or minutes_ago),
        queued_at=now - timedelta(minutes=minutes_ago),
    )
    # Ids come again in a fresh test database: forget an earlier run's progress and re-enqueue
    # of this one.
    caches["progress"].delete(PROGRESS_KEY.format(pk=job.pk))
    for waiting in tasks.WAITING:
        caches["progress"].delete(tasks.REQUEUED_KEY.format(pk=job.pk, state=waiting))
    return job


def tasks_of(job, task):
    return DBTaskResult.objects.filter(
        task_path=task.module_path, args_kwargs__args=[job.pk]
    ).count()


def import_tasks_of(job):
    return tasks_of(job, run_import)


def check_tasks_of(job):
    return tasks_of(job, tasks.run_check)


def test_two_runs_of_one_waiting_job_import_it_once(editor):
    job = waiting_job(editor, minutes_ago=0, rows=5)
    second_run = []
    real_import = tasks.import_claims

    def import_while_another_run_starts(**kwargs):
        # The job's second task starts while the first is importing: it must not import too.
        second_run.append(run_import.call(job.pk))
        return real_import(**kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "import_claims", import_while_another_run_starts)
        assert run_import.call(job.pk) == ImportJob.State.DONE
    assert second_run == [ImportJob.State.RUNNING]
    assert Claim.objects.count() == 5
    # A third run, after the first finished, leaves its report alone.
    assert run_import.call(job.pk) == ImportJob.State.DONE
    assert Claim.objects.count() == 5


def test_two_runs_of_one_waiting_check_check_it_once(editor):
    job = waiting_job(editor, minutes_ago=0, rows=5, state=TO_CHECK)
    runs, second_run = [], []
    real_import = tasks.import_claims

    def check_while_another_run_starts(**kwargs):
        runs.append(kwargs["check_only"])
        if len(runs) == 1:
            second_run.append(tasks.run_check.call(job.pk))
        return real_import(**kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "import_claims", check_while_another_run_starts)
        assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
        assert second_run == [ImportJob.State.CHECKING]
        # A run after the first finished leaves its check alone (and imports nothing).
        assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    assert runs == [True]
    job.refresh_from_db()
    assert job.checked["to_import"] == 5 and Claim.objects.count() == 0


def test_an_import_task_for_a_job_not_checked_yet_does_nothing(editor):
    job = waiting_job(editor, minutes_ago=0, state=TO_CHECK)
    assert run_import.call(job.pk) == TO_CHECK
    assert Claim.objects.count() == 0


def test_a_failed_enqueue_leaves_the_job_waiting_not_an_error_page(
    client_for, editor, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100

    class QueueDown:
        def enqueue(self, *args):
            raise ConnectionError("the queue is down")

    client = client_for(editor)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "run_check", QueueDown())
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client, csv_file(30))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.state == TO_CHECK
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "run_import", QueueDown())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(response["Location"])
    assert response.status_code == 302
    assert ImportJob.objects.get().state == QUEUED


def test_a_starting_worker_enqueues_again_the_jobs_waiting_too_long(editor, settings):
    settings.FACTCHECK_IMPORT_REQUEUE_MINUTES = 5
    stuck = waiting_job(editor, minutes_ago=6)
    stuck_check = waiting_job(editor, minutes_ago=6, state=TO_CHECK)
    recent = waiting_job(editor, minutes_ago=1)
    # Uploaded and checked an hour ago, its Import clicked a minute ago: not lost.
    clicked_late = waiting_job(editor, minutes_ago=1, uploaded_minutes_ago=60)
    done = waiting_job(editor, minutes_ago=60)
    ImportJob.objects.filter(pk=done.pk).update(state=ImportJob.State.DONE)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_worker.Command, "run", lambda *args: None)
        call_command("run_worker", verbosity=0)
        call_command("run_worker", verbosity=0)  # a second worker, right after

    waiting = (stuck, recent, clicked_late, done)
    assert [import_tasks_of(job) for job in waiting] == [1, 0, 0, 0]
    assert (check_tasks_of(stuck_check), import_tasks_of(stuck_check)) == (1, 0)
    assert check_tasks_of(stuck) == 0


def test_the_progress_page_of_a_job_waiting_too_long_enqueues_it_again_once(
    client_for, editor, settings
):
    settings.FACTCHECK_IMPORT_REQUEUE_MINUTES = 5
    job = waiting_job(editor, minutes_ago=6)
    client = client_for(editor)
    for _ in range(3):  # the page reloads itself while it waits
        page = client.get(reverse("claim-import-job", args=[job.pk]))
        assert page.status_code == 200
    assert import_tasks_of(job) == 1
    assert run_import.call(job.pk) == ImportJob.State.DONE
    assert Claim.objects.count() == 3


def test_the_page_of_a_check_waiting_too_long_enqueues_the_check_again_once(
    client_for, editor, settings
):
    settings.FACTCHECK_IMPORT_REQUEUE_MINUTES = 5
    job = waiting_job(editor, minutes_ago=6, state=TO_CHECK)
    client = client_for(editor)
    for _ in range(3):
        page = client.get(reverse("claim-import-job", args=[job.pk])).content.decode()
        assert "Checking big.csv" in page and "Waiting for a worker" in page
    assert (check_tasks_of(job), import_tasks_of(job)) == (1, 0)
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    assert Claim.objects.count() == 0


def test_a_waiting_job_is_not_enqueued_again_before_its_time(client_for, editor, settings):
    settings.FACTCHECK_IMPORT_REQUEUE_MINUTES = 5
    job = waiting_job(editor, minutes_ago=4, uploaded_minutes_ago=60)
    check = waiting_job(editor, minutes_ago=4, state=TO_CHECK)
    for waiting in (job, check):
        client_for(editor).get(reverse("claim-import-job", args=[waiting.pk]))
    assert (import_tasks_of(job), check_tasks_of(check)) == (0, 0)


def run_at_once(task, job):
    """Run `task` for `job` in two threads started together; returns (states, errors)."""
    barrier = threading.Barrier(2)
    states, errors = [], []

    def worker():
        try:
            barrier.wait()
            states.append(task.call(job.pk))
        except Exception as error:  # noqa: BLE001 - any exception fails the test below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(states), errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_one_job_at_once_import_it_once(on_postgres):
    from tests.factories import UserFactory

    editor = UserFactory(username="editor", role="Editor")
    job = ImportJob.objects.create(filename="big.csv", data=csv_file(40), actor=editor)

    states, errors = run_at_once(run_import, job)

    assert errors == []
    assert states == [ImportJob.State.DONE, ImportJob.State.RUNNING]
    assert Claim.objects.count() == 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_checking_one_job_at_once_check_it_once(on_postgres):
    from tests.factories import UserFactory

    editor = UserFactory(username="editor", role="Editor")
    job = ImportJob.objects.create(
        filename="big.csv", data=csv_file(40), actor=editor, state=TO_CHECK
    )
    checks = []
    real_import = tasks.import_claims

    def counting_checks(**kwargs):
        checks.append(kwargs["check_only"])
        return real_import(**kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "import_claims", counting_checks)
        states, errors = run_at_once(tasks.run_check, job)

    assert errors == []
    # The second run finds the job being checked, or already checked.
    assert states[0] == ImportJob.State.CHECKED and states[1] in ("checked", "checking")
    assert checks == [True]
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and Claim.objects.count() == 0
