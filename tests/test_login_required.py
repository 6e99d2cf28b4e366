"""Every page needs a login: walks the whole URL configuration, so a new page cannot slip by."""

import pytest

from tests.urlwalk import app_routes

# Pages a person must reach before logging in: the login page; the unsubscribe link in
# notification emails (it works from the mail program, signed for one user); the health check,
# for load balancers, which do not log in (it tells nothing about claims).
PUBLIC = {"login", "notifications-unsubscribe", "healthz"}

# API endpoints answer programs: 401 with a problem document, not a login page (the API
# reference, a page for people, does redirect).
API = {name for name, _ in app_routes() if name.startswith("api-") and name != "api-docs"}

APP_ROUTES = [(name, path) for name, path in app_routes() if name not in PUBLIC | API]
API_ROUTES = [(name, path) for name, path in app_routes() if name in API]


def test_walk_finds_the_app_pages():
    names = {name for name, _ in APP_ROUTES}
    assert {"claim-list", "claim-detail", "claim-create", "claim-edit"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), APP_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_user_is_sent_to_log_in(client, name, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 302, f"{name} {path} answered {response.status_code}"
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), API_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_api_calls_get_401_problems(client, name, path, method):
    response = getattr(client, method)(path)
    expected = 404 if name == "api-not-found" else 401
    assert response.status_code == expected, f"{name} {path} answered {response.status_code}"
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_admin_asks_for_a_login_too(client):
    response = client.get("/admin/factcheck/claim/")
    assert response.status_code == 302
    assert "login/?next=/admin/factcheck/claim/" in response["Location"]


@pytest.mark.django_db
def test_login_page_is_open_and_home_sends_users_to_the_queue(client, editor):
    assert client.get("/accounts/login/").status_code == 200
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/claims/"


@pytest.mark.django_db
def test_logging_out_says_so(client, editor):
    client.force_login(editor)
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "You have logged out." in response.content.decode()
    assert "_auth_user_id" not in client.session
