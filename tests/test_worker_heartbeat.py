"""/healthz with real worker processes (`manage.py run_worker`) on PostgreSQL, on the database
backend and on RQ with the real Redis server: ok while a worker runs, stale once it is
killed, absent once the last one stops cleanly."""

import json
import os
import signal
import uuid

import pytest
from django.test import Client

from tests.webhooks.test_workers import kill, wait_until, workers  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def worker_says():
    response = Client().get("/healthz")
    return response.status_code, json.loads(response.content)["worker"]


def stop_cleanly(process):
    os.kill(process.pid, signal.SIGTERM)  # as a process supervisor stops it
    process.wait(30)


@pytest.fixture
def heartbeats(settings, monkeypatch):
    monkeypatch.setenv("FACTCHECK_WORKER_HEARTBEAT_SECONDS", "0.5")
    settings.FACTCHECK_WORKER_REQUIRED = True
    settings.FACTCHECK_WORKER_STALE_SECONDS = 3


def cycle(workers, backend):  # noqa: F811
    assert worker_says() == (503, "absent")
    first = workers(backend=backend)
    assert wait_until(lambda: worker_says() == (200, "ok")), "the worker never beat"
    kill(first)  # no chance to say goodbye
    assert wait_until(lambda: worker_says() == (503, "stale")), worker_says()
    second = workers(backend=backend)
    assert wait_until(lambda: worker_says() == (200, "ok"))
    stop_cleanly(second)
    # The killed one is still remembered as stale; the one that stopped cleanly is gone.
    assert worker_says() == (503, "stale")


def test_database_backend_worker_heartbeat(workers, heartbeats, settings, tmp_path):  # noqa: F811
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),  # where the fixture's workers keep it
        },
    }
    cycle(workers, "database")


def test_rq_worker_heartbeat_through_redis(workers, heartbeats, settings, monkeypatch):  # noqa: F811
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("FACTCHECK_REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis server at {settings.REDIS_URL} (CI starts one)")
    prefix = f"heartbeat-test-{uuid.uuid4().hex}"  # other runs may share this Redis
    monkeypatch.setenv("FACTCHECK_CACHE_PREFIX", prefix)
    settings.FACTCHECK_TASKS_BACKEND = "rq"
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    try:
        cycle(workers, "rq")
    finally:
        from django.core.cache import caches

        caches["progress"].delete("factcheck:workers")
