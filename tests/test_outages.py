"""When the desk cannot work: a database outage is a 503 with a short page, and /healthz says
what is wrong (database, migrations, background worker), without a login. Pages are never
stored by caches; logins last one shift."""

import json
import time

import pytest
from django.db import OperationalError
from django.test import Client

from factcheck import heartbeat, outages
from factcheck.claims import views as claim_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def beats(settings, tmp_path):
    """An empty heartbeat record, of this test's own, that a worker is required."""
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }
    settings.FACTCHECK_WORKER_REQUIRED = True
    settings.FACTCHECK_TASKS_BACKEND = "database"
    return heartbeat


def test_healthz_is_ok_without_a_login(anonymous, beats):
    beats.beat("worker-1")
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "worker": "ok",
    }
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_names_pending_migrations(anonymous, monkeypatch):
    monkeypatch.setattr(outages, "migrations_applied", lambda: False)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["migrations"].startswith("pending")


def test_healthz_says_when_the_database_is_unreachable(anonymous, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(outages, "connections", {"default": type("C", (), {"cursor": down})()})
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert (body["status"], body["database"], body["migrations"]) == (
        "failing",
        "unreachable",
        "unknown",
    )


def test_healthz_fails_without_a_live_worker(anonymous, beats):
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "failing",
        "database": "ok",
        "migrations": "ok",
        "worker": "absent",
    }


def test_a_worker_that_stopped_beating_is_stale(anonymous, beats, settings):
    beats.beat("killed-worker", now=time.time() - settings.FACTCHECK_WORKER_STALE_SECONDS - 1)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["worker"] == "stale"

    beats.beat("fresh-worker")  # one live worker is enough
    assert anonymous.get("/healthz").status_code == 200


def test_a_worker_gone_for_a_day_or_stopped_cleanly_is_absent(anonymous, beats):
    beats.beat("long-gone", now=time.time() - heartbeat.FORGET_AFTER - 1)
    beats.beat("stopped")
    beats.forget("stopped")
    assert json.loads(anonymous.get("/healthz").content)["worker"] == "absent"


def test_the_worker_can_be_left_out_of_the_check(anonymous, beats, settings):
    settings.FACTCHECK_WORKER_REQUIRED = False
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["worker"] == "absent"  # still reported


def test_no_worker_is_needed_when_tasks_run_in_the_web_process(anonymous, beats, settings):
    settings.FACTCHECK_TASKS_BACKEND = "immediate"
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["worker"] == "not needed"


def test_an_unreachable_heartbeat_store_fails_the_check(anonymous, beats, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(heartbeat, "worker_state", down)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["worker"] == "unreachable"


def test_a_database_outage_is_a_503_with_a_short_page(editor, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(claim_views.ClaimDetailView, "get", down)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/claims/1/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.content.decode()


def test_other_errors_stay_500(editor, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(claim_views.ClaimDetailView, "get", broken)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    assert client.get("/claims/1/").status_code == 500


@pytest.mark.parametrize("path", ["/claims/", "/exports/", "/quantities/", "/accounts/login/"])
def test_pages_are_never_stored_by_caches(client_for, editor, path):
    response = client_for(editor).get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_login_lasts_one_shift_and_ends_with_the_browser(client, editor, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    response = client.post(
        "/accounts/login/", {"username": "editor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 3600
