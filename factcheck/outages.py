"""What the desk answers when it cannot work: the database is down (503 with a short page),
and `/healthz`, for load balancers and monitoring.

The 503 comes from Django's 500 handler, which runs for any exception a request lets through
(in a view, a template, or a middleware such as the session's): when that exception is the
database being unreachable, the answer is 503 with Retry-After, not 500. The page is a
template of its own that needs no database (no user, no session).
"""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """JSON {"status": "ok"|"failing", "database": ..., "migrations": ...}: 200 when the
    database answers and every migration is applied, else 503 naming what fails. No login,
    one `SELECT 1` (plus the migration check until it first passes). A background worker,
    once the desk has one, joins the checks here."""
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        if not migrations_applied():
            checks["migrations"] = "pending: run python manage.py migrate"
    except OUTAGES:
        checks = {"database": "unreachable", "migrations": "unknown"}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
