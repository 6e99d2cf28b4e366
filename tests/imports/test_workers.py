"""A big import on a real RQ worker (PostgreSQL, the real Redis server): RQ runs the job in a
work horse forked from the worker; when the horse is killed mid-import while the worker lives
on, the progress page says the import failed and nothing was written."""

import os
import signal
import time
import uuid

import pytest
from django.core.cache import caches

from factcheck.imports.tasks import PROGRESS_KEY
from factcheck.models import Claim, ImportJob
from tests.imports.test_tasks import csv_file, upload
from tests.webhooks.test_workers import wait_until, workers  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def on_rq(settings, monkeypatch):
    """This process and the workers it starts share RQ's queue and one Redis cache."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("FACTCHECK_REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis server at {settings.REDIS_URL} (CI starts one)")
    prefix = f"import-test-{uuid.uuid4().hex}"  # other runs may share this Redis
    monkeypatch.setenv("FACTCHECK_CACHE_PREFIX", prefix)
    monkeypatch.setenv("FACTCHECK_WORKER_HEARTBEAT_SECONDS", "0.5")
    settings.FACTCHECK_WORKER_STALE_SECONDS = 3
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }


def test_a_killed_work_horse_fails_its_import_while_the_worker_lives_on(
    on_rq,
    workers,  # noqa: F811
    client_for,
    editor,
):
    worker = workers(backend="rq")
    client = client_for(editor)
    page_url = upload(client, csv_file(20_000))["Location"]
    job = ImportJob.objects.get()

    def progress():
        return caches["progress"].get(PROGRESS_KEY.format(pk=job.pk)) or {}

    assert wait_until(lambda: progress().get("validated"), seconds=60), "the import never ran"
    horse_pid = int(progress()["worker"].rsplit(":", 1)[1])
    assert horse_pid != worker.pid  # the job runs in a child of the worker
    os.kill(horse_pid, signal.SIGKILL)

    def page_says_failed():
        return "Upload the file again to start again." in client.get(page_url).content.decode()

    assert wait_until(page_says_failed, seconds=20), client.get(page_url).content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.CRASHED
    assert Claim.objects.count() == 0
    time.sleep(0.5)
    assert worker.poll() is None  # the worker itself was never touched
