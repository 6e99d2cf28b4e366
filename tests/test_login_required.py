"""Every page needs a login: walks the whole URL configuration, so a new page cannot slip by."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages a person must reach before logging in.
PUBLIC = {"login"}
# The admin is checked separately below.
ADMIN_NAMESPACE = "admin"


def url_patterns(patterns=None, prefix="", namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, prefix + str(pattern.pattern)


def example_path(route):
    """'claims/<int:pk>/' -> '/claims/1/': a concrete URL for any route."""

    def fill(match):
        converter = match.group(1) or "str"
        return {"int": "1", "path": "x/y"}.get(converter, "x")

    path = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    path = re.sub(r"[\^$]|\\Z", "", path)  # the admin uses regex routes
    return "/" + path


APP_ROUTES = [
    (name, example_path(route))
    for namespace, name, route in url_patterns()
    if namespace != ADMIN_NAMESPACE and name not in PUBLIC and "(?P" not in route
]


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
