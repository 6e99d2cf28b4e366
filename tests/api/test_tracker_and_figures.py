"""Claimants, tracked quantities, series and verified figures over the API, and the
downloads with a token."""

import json

import pytest

from factcheck.exports.formats import JSON_FIELDS
from factcheck.models import Claimant, Status
from factcheck.workflow.status_writer import write_status
from tests.api.conftest import ApiClient, problem
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

ROLES = ("anonymous", "viewer", "reporter", "editor", "revoked", "expired")


@pytest.fixture
def quantity(db):
    return TrackedQuantityFactory(counted="refugees", unit="")


#                         anonymous viewer reporter editor revoked expired
ANSWERS = {
    "claimants":         (401, 200, 200, 200, 401, 401),
    "add claimant":      (401, 403, 201, 201, 401, 401),
    "quantities":        (401, 200, 200, 200, 401, 401),
    "add quantity":      (401, 403, 403, 201, 401, 401),
    "attach":            (401, 403, 403, 200, 401, 401),
    "series":            (401, 200, 403, 200, 401, 401),
    "figures":           (401, 200, 403, 200, 401, 401),
}  # fmt: skip


def call(api, action, quantity):
    match action:
        case "claimants":
            return api.get("/api/v1/claimants/")
        case "add claimant":
            return api.post("/api/v1/claimants/", {"name": "OHCHR", "kind": "un_agency"})
        case "quantities":
            return api.get("/api/v1/quantities/")
        case "add quantity":
            return api.post("/api/v1/quantities/", {"name": "Refugees", "counted": "refugees"})
        case "attach":
            claim = ClaimFactory(counted="refugees", unit="")
            return api.post(f"/api/v1/quantities/{quantity.pk}/claims/", {"claims": [claim.pk]})
        case "series":
            return api.get(f"/api/v1/quantities/{quantity.pk}/series/")
        case "figures":
            return api.get("/api/v1/figures/")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ANSWERS)
@pytest.mark.parametrize("role", ROLES)
def test_each_endpoint_by_role(api_as, role, action, quantity):
    expected = ANSWERS[action][ROLES.index(role)]
    response = call(api_as(role), action, quantity)
    assert response.status_code == expected, response.content[:300]


@pytest.mark.django_db
def test_a_claimant_name_taken_ignoring_case_is_refused(api_as):
    ClaimantFactory(name="UNHCR")
    response = api_as("reporter").post("/api/v1/claimants/", {"name": "unhcr"})
    assert response.status_code == 400
    assert problem(response)["code"] == "invalid"
    assert Claimant.objects.count() == 1


@pytest.mark.django_db
def test_attaching_a_claim_in_another_unit_attaches_nothing(api_as, quantity):
    fits, other = ClaimFactory(counted="refugees"), ClaimFactory(unit="%", counted="share")
    response = api_as("editor").post(
        f"/api/v1/quantities/{quantity.pk}/claims/", {"claims": [fits.pk, other.pk, 987654]}
    )
    assert response.status_code == 400
    assert all(p["field"] == "claims" for p in problem(response)["problems"])
    fits.refresh_from_db()
    assert fits.quantity is None


@pytest.mark.django_db
def test_the_series_is_the_series_download(api_as, client_for, viewer, quantity):
    claim = ClaimFactory(quantity=quantity, counted="refugees")
    api = api_as("viewer").get(f"/api/v1/quantities/{quantity.pk}/series/").json()
    download = json.loads(client_for(viewer).get(f"/quantities/{quantity.pk}/series.json").content)
    assert api["figures"] == download["figures"]
    assert api["figures"][0]["claim_id"] == claim.pk and api["count"] == 1


def confirmed(editor, **fields):
    claim = ClaimFactory(**fields)
    write_status(claim=claim, to_status=Status.CONFIRMED, actor=editor, note="")
    return claim


@pytest.mark.django_db
def test_figures_are_the_json_exports_rows_page_by_page(api_as, client_for, editor, viewer):
    for n in range(5):
        confirmed(editor, value=100 + n, counted="refugees")
    ClaimFactory(value=7, counted="refugees")  # unverified: not a verified figure
    api = api_as("viewer")
    figures, url, query = [], "/api/v1/figures/", {"page_size": "2", "counted": "refugees"}
    while url:
        body = api.get(url, query).json()
        figures += body["figures"]
        url, query = body["next"], None
    download = client_for(viewer).get("/exports/figures.json", {"counted": "refugees"})
    export = json.loads(b"".join(download.streaming_content))
    assert figures == export["figures"]
    assert list(figures[0]) == list(JSON_FIELDS)
    assert body["filters"] == export["filters"]


@pytest.mark.django_db
def test_figures_refuse_a_bad_filter(api_as):
    response = api_as("viewer").get("/api/v1/figures/", {"date_from": "2022-02-30"})
    assert response.status_code == 400
    assert problem(response)["problems"][0]["field"] == "date_from"


# --- Downloads with a token -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/exports/figures.csv", "/exports/claimreview.jsonld"])
def test_the_downloads_accept_a_token(token_for, viewer, reporter, path):
    assert ApiClient(token_for(viewer)).get(path).status_code == 200
    assert ApiClient(token_for(reporter)).get(path).status_code == 403


@pytest.mark.django_db
def test_a_download_with_a_bad_token_is_401_and_without_one_the_login(client, api_as):
    response = api_as("revoked").get("/exports/figures.csv")
    assert response.status_code == 401 and problem(response)["code"] == "token_revoked"
    assert client.get("/exports/figures.csv")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_downloads_count_against_the_tokens_rate(token_for, viewer, settings):
    settings.FACTCHECK_API_RATE = 1
    api = ApiClient(token_for(viewer))
    assert api.get("/exports/figures.csv").status_code == 200
    response = api.get("/exports/figures.csv")
    assert response.status_code == 429 and response["Retry-After"]
