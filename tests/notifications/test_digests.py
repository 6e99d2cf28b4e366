"""The daily digest runs by itself: the digest task schedules the next day's, every worker
that starts makes sure one is scheduled, and nobody gets two digests on one day, however many
runs there are (two workers, a doubled task, cron as well)."""

import threading
from datetime import UTC, datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from factcheck.discussion import services as discussion
from factcheck.management.commands import run_worker
from factcheck.models import DigestSent, Notification
from factcheck.notifications import tasks
from factcheck.notifications.tasks import (
    NEXT_DIGEST_KEY,
    daily_digests,
    email_digests,
    next_digest_time,
    schedule_digests,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_scheduled(settings):
    settings.FACTCHECK_DIGEST_HOUR = 7
    key = NEXT_DIGEST_KEY.format(database=connection.settings_dict["NAME"])
    caches["progress"].delete(key)
    yield key
    caches["progress"].delete(key)


def digest_tasks():
    """run_after of each daily digest task waiting in the queue."""
    return list(
        DBTaskResult.objects.filter(task_path=daily_digests.module_path)
        .order_by("run_after")
        .values_list("run_after", flat=True)
    )


def mention(claim, author, *people):
    names = " ".join(f"@{person.username}" for person in people)
    discussion.post_comment(claim=claim, author=author, body=f"{names} have a look")


@pytest.mark.parametrize(
    "now, hour, expected",
    [
        ("2026-03-02 06:59", 7, "2026-03-02 07:00"),
        ("2026-03-02 07:00", 7, "2026-03-03 07:00"),  # due now: this one is running
        ("2026-03-02 18:30", 7, "2026-03-03 07:00"),
        ("2026-03-31 23:30", 0, "2026-04-01 00:00"),
        ("2026-03-02 06:59", 22, "2026-03-02 22:00"),
    ],
)
def test_the_next_digest_is_at_the_configured_hour(settings, now, hour, expected):
    settings.FACTCHECK_DIGEST_HOUR = hour
    now = datetime.fromisoformat(now).replace(tzinfo=UTC)
    assert next_digest_time(now) == datetime.fromisoformat(expected).replace(tzinfo=UTC)


@freeze_time("2026-03-02 10:00:00")
def test_a_starting_worker_schedules_one_digest_however_many_start(monkeypatch):
    monkeypatch.setattr(run_worker.Command, "run", lambda *args: None)
    call_command("run_worker", verbosity=0)
    call_command("run_worker", verbosity=0)
    assert digest_tasks() == [datetime(2026, 3, 3, 7, tzinfo=UTC)]


def test_the_digest_task_sends_then_schedules_the_next_days(
    mailoutbox, claim, editor, reporter, nothing_scheduled
):
    mention(claim, editor, reporter)
    with freeze_time("2026-03-02 06:59:00"):
        schedule_digests()  # a worker started
    assert digest_tasks() == [datetime(2026, 3, 2, 7, tzinfo=UTC)]
    DBTaskResult.objects.all().delete()  # and took the task when it was due
    with freeze_time("2026-03-02 07:00:01"):
        assert daily_digests.call() == 1
    assert [m.to for m in mailoutbox] == [[reporter.email]]
    assert digest_tasks() == [datetime(2026, 3, 3, 7, tzinfo=UTC)]


@freeze_time("2026-03-02 07:00:01")
def test_a_doubled_digest_task_sends_once_and_schedules_one_next(
    mailoutbox, claim, editor, reporter
):
    mention(claim, editor, reporter)
    assert daily_digests.call() == 1
    assert daily_digests.call() == 0
    assert len(mailoutbox) == 1
    assert digest_tasks() == [datetime(2026, 3, 3, 7, tzinfo=UTC)]


def test_nobody_gets_two_digests_on_one_day(mailoutbox, claim, editor, reporter):
    with freeze_time("2026-03-02 07:00"):
        mention(claim, editor, reporter)
        assert email_digests.call() == 1
    with freeze_time("2026-03-02 19:00"):
        mention(claim, editor, reporter)  # new since the morning's digest
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115 (cron too)
        assert len(mailoutbox) == 1
    with freeze_time("2026-03-03 07:00"):
        assert email_digests.call() == 1
    assert len(mailoutbox) == 2
    assert "02 Mar 19:00 UTC: editor mentioned you" in mailoutbox[1].body
    assert Notification.objects.filter(recipient=reporter, emailed_at__isnull=True).count() == 0


def test_a_run_that_starts_while_another_is_sending_sends_nothing(
    mailoutbox, claim, editor, reporter, monkeypatch
):
    mention(claim, editor, reporter)
    second = []
    real_email = tasks.notification_email

    def email_while_a_second_run_starts(**kwargs):
        # Another worker's run, between the first run's claim of the day and its send.
        second.append(email_digests.call())
        return real_email(**kwargs)

    monkeypatch.setattr(tasks, "notification_email", email_while_a_second_run_starts)
    assert email_digests.call() == 1
    assert second == [0]
    assert len(mailoutbox) == 1


def test_a_digest_that_could_not_be_sent_is_sent_by_the_next_run(
    mailoutbox, claim, editor, reporter, monkeypatch
):
    mention(claim, editor, reporter)

    def mail_server_down(**kwargs):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patch:
        patch.setattr(tasks, "notification_email", mail_server_down)
        with pytest.raises(ConnectionRefusedError):
            email_digests.call()
    assert not DigestSent.objects.exists()
    assert email_digests.call() == 1
    assert len(mailoutbox) == 1


def test_without_a_backend_that_defers_nothing_is_scheduled(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_digests() is False
    assert digest_tasks() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_digests_at_once_send_each_reader_one(on_postgres, mailoutbox):
    from factcheck.claims.services import create_claim
    from tests.factories import ClaimantFactory, UserFactory

    editor = UserFactory(username="editor", role="Editor")
    readers = [UserFactory(username=f"reader{n}", role="Viewer") for n in range(6)]
    claim = create_claim(
        actor=editor, data={"statement": "At least 12 killed", "claimant": ClaimantFactory()}
    )
    mention(claim, editor, *readers)
    barrier = threading.Barrier(2)
    sent, errors = [], []

    def worker():
        try:
            barrier.wait()
            sent.append(email_digests.call())
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
    assert sum(sent) == len(readers)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)
