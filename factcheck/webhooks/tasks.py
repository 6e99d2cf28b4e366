"""The delivery task, and waking it.

Tasks carry no delivery: they only wake a worker to run `deliver_due`, which finds what is due
in the database. So a lost or doubled wake-up loses or doubles nothing. Wake-ups come after
each commit that queued deliveries (`events.services.emit`), when a worker starts
(`run_worker`), and from the task itself for the next retry or the end of a dead worker's
lease (deferred with `run_after`).
"""

import time
from datetime import datetime

from django.core.cache import caches
from django.db import connection
from django_tasks import default_task_backend, task

from factcheck.webhooks.delivery import deliver_due

# Where the time of the next deferred wake-up is kept (shared by every worker), so a backlog of
# retries schedules one wake-up, not one per event. Per database: installs may share a cache.
NEXT_WAKE_KEY = "factcheck:webhooks:next-wake:{database}"


@task()
def deliver_webhooks() -> dict:
    """Send every delivery that is due; then schedule a wake-up for the next one."""
    run = deliver_due()
    if run.next_due is not None:
        wake_delivery(run_after=run.next_due)
    return {"delivered": run.delivered, "failed_attempts": run.failed_attempts}


def wake_delivery(run_after: datetime | None = None) -> None:
    """Enqueue `deliver_webhooks` now, or at `run_after` unless a wake-up at or before that
    time is still ahead (or the backend cannot defer: then the next event or worker
    start wakes it)."""
    if run_after is None:
        deliver_webhooks.enqueue()
        return
    if not default_task_backend.supports_defer:
        return
    cache = caches["progress"]
    key = NEXT_WAKE_KEY.format(database=connection.settings_dict["NAME"])
    scheduled = cache.get(key)
    if scheduled is not None and time.time() <= scheduled <= run_after.timestamp():
        return
    cache.set(key, run_after.timestamp(), timeout=None)
    deliver_webhooks.using(run_after=run_after).enqueue()
