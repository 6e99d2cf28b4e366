"""Real worker processes (`manage.py run_worker`) on PostgreSQL: the database backend, and the
RQ backend on the real Redis server. Killing a worker in the middle of a delivery loses
nothing and sends nothing twice under different ids."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from factcheck.models import DeliveryState, Event, EventType, Status, WebhookDelivery
from factcheck.webhooks.services import create_subscription
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimFactory
from tests.webhooks.receiver import Receiver

BASE_DIR = Path(settings.BASE_DIR)


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def workers(on_postgres, tmp_path, settings):
    """Start worker processes on the test database; all are killed when the test ends."""
    settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = True
    started = []

    def start(backend="database"):
        if backend == "rq":
            release_killed_schedulers_lock(settings.REDIS_URL)
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "1",
            "FACTCHECK_TASKS_BACKEND": backend,
            "REDIS_URL": settings.REDIS_URL,
            "FACTCHECK_WEBHOOKS_ALLOW_PRIVATE": "1",
            "FACTCHECK_WEBHOOKS_TIMEOUT": "1",
            "FACTCHECK_WEBHOOKS_RETRY_BASE": "0.2",
            "FACTCHECK_PROGRESS_DIR": str(tmp_path / "progress"),
        }
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1"],
            cwd=BASE_DIR,
            env=env,
            start_new_session=True,  # its own process group: RQ forks a work horse
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)


def release_killed_schedulers_lock(redis_url):
    """A worker killed with SIGKILL keeps RQ's scheduler lock for a minute, and a worker that
    starts meanwhile runs no deferred job (webhook retries) until its next maintenance, ten
    minutes on. Workers here are only ever killed by these tests, so the lock is theirs."""
    from redis import Redis
    from rq.scheduler import RQScheduler

    Redis.from_url(redis_url).delete(RQScheduler.get_locking_key("default"))


def kill(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def all_delivered():
    return not WebhookDelivery.objects.exclude(state=DeliveryState.DELIVERED).exists()


def move_claims(editor, count):
    """`count` status changes, each committed on its own (so each wakes the worker)."""
    claims = [ClaimFactory() for _ in range(count)]
    for claim in claims:
        transition_claim(claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=1)
    return claims


def assert_each_event_delivered_under_its_own_id(receiver):
    # The subscription is to status changes; starting a review also writes `claim.assigned`.
    ids = {e.webhook_id for e in Event.objects.filter(type=EventType.STATUS_CHANGED)}
    assert set(receiver.ids()) == ids
    bodies = {}
    for got in receiver.received:
        assert bodies.setdefault(got.webhook_id, got.body) == got.body


# Committed data, so the worker processes see it; the roles restored for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_killing_the_worker_mid_delivery_loses_nothing_and_doubles_no_id(workers, editor):
    gate = threading.Event()
    with Receiver(gate=gate) as receiver:
        create_subscription(actor=editor, url=receiver.url, event_types=[EventType.STATUS_CHANGED])
        first = workers()
        move_claims(editor, 6)
        assert receiver.first_arrived.wait(30), "the worker never sent anything"
        kill(first)  # in the middle of the first delivery: the receiver has not answered
        gate.set()
        assert not all_delivered()

        workers()  # a fresh worker takes over once the dead one's lease runs out
        assert wait_until(all_delivered), "not every event was delivered after the restart"

        assert Event.objects.filter(type=EventType.STATUS_CHANGED).count() == 6
        assert_each_event_delivered_under_its_own_id(receiver)
        # The interrupted one came again, under the same id; the others once each.
        assert len(receiver.received) in (6, 7)


def test_the_rq_backend_delivers_and_retries_through_redis(workers, editor, settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("FACTCHECK_REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis server at {settings.REDIS_URL} (CI starts one)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    with Receiver(answers=[500]) as receiver:
        create_subscription(actor=editor, url=receiver.url, event_types=[EventType.STATUS_CHANGED])
        workers(backend="rq")
        move_claims(editor, 3)
        assert wait_until(all_delivered), "RQ did not deliver every event"

    assert_each_event_delivered_under_its_own_id(receiver)
    assert len(receiver.received) == 4  # the first answered 500 and came again
    assert receiver.ids().count(receiver.received[0].webhook_id) == 2
