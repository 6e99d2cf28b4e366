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


def test_a_big_file_is_queued_then_shows_progress_then_its_report(client_for, editor, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    client = client_for(editor)
    response = upload(client, csv_file(30))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("claim-import-job", args=[job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting
    assert Claim.objects.count() == 0

    assert run_import.call(job.pk) == ImportJob.State.DONE

    assert Claim.objects.count() == 30
    page = client.get(response["Location"]).content.decode()
    assert "Imported 30 claims from big.csv." in page
    assert "<progress" not in page and "refresh" not in page
    job.refresh_from_db()
    assert bytes(job.data) == b""  # the file is not kept once imported


def test_a_bad_row_in_a_big_file_imports_nothing(client_for, editor, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    client = client_for(editor)
    upload(client, csv_file(30, bad_line=25))
    job = ImportJob.objects.get()
    assert run_import.call(job.pk) == ImportJob.State.REFUSED
    assert Claim.objects.count() == 0
    page = client.get(reverse("claim-import-job", args=[job.pk])).content.decode()
    assert "Nothing was imported from big.csv" in page and "nonsense" in page


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


def waiting_job(editor, *, minutes_ago, rows=3):
    job = ImportJob.objects.create(filename="big.csv", data=csv_file(rows), actor=editor)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    job.refresh_from_db()
    # Ids come again in a fresh test database: forget an earlier run's re-enqueue of this one.
    caches["progress"].delete(tasks.REQUEUED_KEY.format(pk=job.pk))
    return job


def import_tasks_of(job):
    return DBTaskResult.objects.filter(
        task_path=run_import.module_path, args_kwargs__args=[job.pk]
    ).count()


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


def test_a_failed_enqueue_leaves_the_job_waiting_not_an_error_page(
    client_for, editor, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100

    class QueueDown:
        def enqueue(self, *args):
            raise ConnectionError("the queue is down")

    client = client_for(editor)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "run_import", QueueDown())
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client, csv_file(30))
    assert response.status_code == 302
    assert ImportJob.objects.get().state == ImportJob.State.QUEUED


def test_a_starting_worker_enqueues_again_the_jobs_waiting_too_long(editor, settings):
    settings.FACTCHECK_IMPORT_REQUEUE_MINUTES = 5
    stuck = waiting_job(editor, minutes_ago=6)
    recent = waiting_job(editor, minutes_ago=1)
    done = waiting_job(editor, minutes_ago=60)
    ImportJob.objects.filter(pk=done.pk).update(state=ImportJob.State.DONE)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_worker.Command, "run", lambda *args: None)
        call_command("run_worker", verbosity=0)
        call_command("run_worker", verbosity=0)  # a second worker, right after

    assert (import_tasks_of(stuck), import_tasks_of(recent), import_tasks_of(done)) == (1, 0, 0)


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


def test_a_waiting_job_is_not_enqueued_again_before_its_time(client_for, editor, settings):
    settings.FACTCHECK_IMPORT_REQUEUE_MINUTES = 5
    job = waiting_job(editor, minutes_ago=4)
    client_for(editor).get(reverse("claim-import-job", args=[job.pk]))
    assert import_tasks_of(job) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_one_job_at_once_import_it_once(on_postgres):
    from tests.factories import UserFactory

    editor = UserFactory(username="editor", role="Editor")
    job = ImportJob.objects.create(filename="big.csv", data=csv_file(40), actor=editor)
    barrier = threading.Barrier(2)
    states, errors = [], []

    def worker():
        try:
            barrier.wait()
            states.append(run_import.call(job.pk))
        except Exception as error:  # noqa: BLE001 - any exception fails the test below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(states) == [ImportJob.State.DONE, ImportJob.State.RUNNING]
    assert Claim.objects.count() == 40
