"""Errors are problem documents, never HTML, never a 500 on bad input; the limits."""

import pytest

from factcheck.models import ApiToken
from tests.api.conftest import ApiClient, problem


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/999999/",
        "/api/v1/claims/99999999999999999999999/",
        "/api/v1/nothing/",
        "/api/",
    ],
)
def test_unknown_addresses_and_ids_are_404_problems(api_as, path):
    response = api_as("viewer").get(path)
    assert response.status_code == 404
    assert problem(response)["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('"text"', "application/json", 400),
        ("statement=x", "application/x-www-form-urlencoded", 415),
        ('{"statement": 5, "claimant": true}', "application/json", 400),
        ('{"statement": "x", "claimant": 1, "value": 1e400}', "application/json", 400),
        ('{"statement": "x", "claimant": 1, "value": "١٢٣"}', "application/json", 400),
        ('{"statement": "x", "claimant": 1, "as_of": "٢٠٢٢-٠٣-٠١"}', "application/json", 400),
        ('{"statement": "x", "claimant": 1, "as_of": "0001-01-01"}', "application/json", 400),
    ],
)
def test_bad_bodies_are_problems(api_as, body, content_type, status):
    api = api_as("editor")
    response = api.client.post(
        "/api/v1/claims/", data=body, content_type=content_type, headers=api.headers
    )
    assert response.status_code == status, response.content
    assert problem(response)["code"]


@pytest.mark.django_db
def test_a_body_over_the_cap_is_413(api_as, settings):
    settings.FACTCHECK_API_MAX_BODY_BYTES = 1000
    response = api_as("editor").post("/api/v1/claims/", {"statement": "x" * 2000})
    assert response.status_code == 413
    assert problem(response)["code"] == "too_large"


@pytest.mark.django_db
def test_a_token_over_its_rate_is_429_with_retry_after(api_as, settings):
    settings.FACTCHECK_API_RATE = 3
    api = api_as("viewer")
    answers = [api.get("/api/v1/claimants/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = api.get("/api/v1/claimants/")
    assert problem(response)["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.mark.django_db
def test_the_rate_is_counted_per_token(api_as, settings, token_for, viewer):
    settings.FACTCHECK_API_RATE = 1
    assert api_as("viewer").get("/api/v1/claimants/").status_code == 200
    assert ApiClient(token_for(viewer)).get("/api/v1/claimants/").status_code == 200
    assert ApiToken.objects.filter(user=viewer, window_requests=1).count() == 2


@pytest.mark.django_db
def test_a_session_needs_csrf_for_writes(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/claimants/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in problem(response)["detail"]


@pytest.mark.django_db
def test_the_schema_and_the_reference_page(client_for, viewer, api_as):
    assert api_as("anonymous").get("/api/v1/schema/").status_code == 401
    schema = api_as("viewer").get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/claims/{id}/transitions/" in schema.json()["paths"]
    page = client_for(viewer).get("/api/v1/docs/")
    assert page.status_code == 200
    assert b"swagger-ui-bundle.js" in page.content and b"<style" not in page.content
    script = client_for(viewer).get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


@pytest.mark.django_db
def test_a_body_beyond_djangos_own_cap_is_413_not_a_500(api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_as("editor").post("/api/v1/claims/", {"statement": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
