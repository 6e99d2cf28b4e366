"""What the desk answers when it cannot work: the database is down (503 with a short page),
and `/healthz`, for load balancers and monitoring.

The 503 comes from Django's 500 handler, which runs for any exception a request lets through
(in a view, a template, or a middleware such as the session's): when that exception is the
database being unreachable, the answer is 503 with Retry-After, not 500. The page is a
template of its own that needs no database (no user, no session).
"""

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from factcheck import heartbeat

# The database is unreachable (down, restarting, refusing connections, connection lost).
OUTAGES = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500: 503 when the error is a database outage, otherwise Django's 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGES):
        response = HttpResponseServerError(loader.render_to_string("503.html"))
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request)


_migrations_applied = False


def migrations_applied() -> bool:
    """Whether every migration on disk is applied. Once true it stays true for this process
    (migrations are not unapplied under a running app), so later checks cost nothing."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        targets = executor.loader.graph.leaf_nodes()
        _migrations_applied = not executor.migration_plan(targets)
    return _migrations_applied


def worker_check() -> tuple[str, bool]:
    """(what /healthz says of the background workers, whether that is healthy).

    "ok" (a worker beat within FACTCHECK_WORKER_STALE_SECONDS), "stale" (workers were seen,
    none that recently), "absent" (none), "unreachable" (the cache that holds the beats, Redis
    with the RQ backend, does not answer), or "not needed" with the immediate backend. Only
    "ok" and "not needed" are healthy, unless FACTCHECK_WORKER_REQUIRED is off."""
    if settings.FACTCHECK_TASKS_BACKEND == "immediate":
        return "not needed", True
    try:
        state, _ = heartbeat.worker_state()
    except Exception:  # any cache error (Redis down): say so rather than fail the check
        state = "unreachable"
    return state, state == "ok" or not settings.FACTCHECK_WORKER_REQUIRED


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """JSON {"status": "ok"|"failing", "database", "migrations", "worker"}: 200 when the
    database answers, every migration is applied and a background worker is alive (see
    worker_check; not required with FACTCHECK_WORKER_REQUIRED off), else 503, each check
    naming what fails. No login, one `SELECT 1` (plus the migration check until it first
    passes) and one cache read."""
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        if not migrations_applied():
            checks["migrations"] = "pending: run python manage.py migrate"
    except OUTAGES:
        checks = {"database": "unreachable", "migrations": "unknown"}
    healthy = all(value == "ok" for value in checks.values())
    checks["worker"], worker_healthy = worker_check()
    healthy = healthy and worker_healthy
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
