"""When the desk cannot work: a database outage is a 503 with a short page, and /healthz says
what is wrong, without a login. Pages are never stored by caches; logins last one shift."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from factcheck import outages
from factcheck.claims import views as claim_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def test_healthz_is_ok_without_a_login(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "migrations": "ok"}
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
    assert json.loads(response.content) == {
        "status": "failing",
        "database": "unreachable",
        "migrations": "unknown",
    }


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
