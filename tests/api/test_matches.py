"""GET /api/v1/claims/matches/: the pages' matching lookup over the API, its answers by role,
and bad values refused as the New claim form refuses them."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.matching.selectors import as_data, find_matches
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db
PATH = "/api/v1/claims/matches/"
ROLES = ("anonymous", "viewer", "reporter", "editor", "revoked", "expired")

PROBE = {
    "statement": "The UN human rights office said at least 227 civilians were killed.",
    "claimant_name": "UN human rights office",
    "value": "227",
    "qualifier": "at_least",
    "counted": "civilian deaths",
    "place": "Ukraine",
    "as_of": "2022-03-02",
}


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, (401, 200, 200, 200, 401, 401), strict=True)),
)
def test_everyone_signed_in_may_look(api_as, role, expected, ohchr):
    response = api_as(role).get(PATH, PROBE)
    assert response.status_code == expected
    if expected == 401:
        assert problem(response)["code"] in {"not_authenticated", "token_revoked", "token_expired"}


def test_a_known_figure_comes_first_as_the_pages_find_it(api_as, ohchr):
    body = api_as("viewer").get(PATH, PROBE).json()
    assert body["matches"][0] == {
        "claim": ohchr.pk,
        "kind": "same_figure",
        "score": body["matches"][0]["score"],
        "statement": ohchr.statement,
        "status": "confirmed",
        "url": f"http://127.0.0.1:8000/claims/{ohchr.pk}/",
        "api_url": f"http://127.0.0.1:8000/api/v1/claims/{ohchr.pk}/",
    }
    assert 0 < body["matches"][0]["score"] <= 1
    # The same answer as the pages' own lookup, in the same order.
    assert body == as_data(find_matches(**{**PROBE, "value": Decimal(227),
                                           "as_of": date(2022, 3, 2)}))  # fmt: skip


def test_another_figure_of_the_quantity_is_same_quantity(api_as, ohchr):
    body = api_as("viewer").get(PATH, {**PROBE, "value": "2,000", "qualifier": "more_than"})
    kinds = {m["claim"]: m["kind"] for m in body.json()["matches"]}
    assert kinds[ohchr.pk] == "same_quantity"


def test_a_claimant_by_id_is_the_same_as_by_name(api_as, ohchr):
    by_id = {**PROBE, "claimant": ohchr.claimant_id}
    del by_id["claimant_name"]
    body = api_as("viewer").get(PATH, by_id).json()
    assert body["matches"][0]["kind"] == "same_figure"


def test_nothing_in_common_is_an_empty_list(api_as, ohchr):
    probe = {"statement": "Wheat exports rose sharply in the spring.", "place": "Canada"}
    assert api_as("viewer").get(PATH, probe).json() == {"matches": []}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"value": "1.500"}, "value", "figure_ambiguous"),
        ({"value": "2%"}, "value", "figure_unit"),
        ({"value": "lots"}, "value", "figure_invalid"),
        ({"qualifier": ""}, "qualifier", "qualifier_required"),
        ({"qualifier": "roughly"}, "qualifier", "invalid_choice"),
        ({"counted": ""}, "counted", "counted_required"),
        ({"value_high": "100"}, "value_high", "value_high_below_value"),
        ({"as_of": "3/2/2022"}, "as_of", "date_not_iso"),
        ({"as_of": "9999-01-01"}, "as_of", "implausible_date"),
        ({"statement": ""}, "statement", "blank"),
        ({"claimant": "0"}, "claimant", "min_value"),
        ({"claimant": "x"}, "claimant", "invalid"),
        ({"claimant": "999999"}, "claimant", "does_not_exist"),
        ({"claimant": "1"}, "claimant_name", "claimant_twice"),
        ({"claimant_name": "x" * 201}, "claimant_name", "max_length"),
        ({"statement": "nul \x00 byte"}, "statement", "null_characters_not_allowed"),
        ({"limit": "5"}, "limit", "unknown_parameter"),
    ],
)
def test_bad_values_are_400_with_the_fields_problem(api_as, ohchr, changes, field, code):
    probe = {**PROBE, **changes}
    if changes.get("claimant") == "1":  # an id and a name
        probe["claimant"] = str(ohchr.claimant_id)
    elif "claimant" in changes:
        del probe["claimant_name"]
    response = api_as("editor").get(PATH, probe)
    assert response.status_code == 400, response.content[:300]
    body = problem(response)
    assert body["code"] == "invalid"
    assert {"field": field, "code": code} in [
        {"field": p["field"], "code": p["code"]} for p in body["problems"]
    ], body["problems"]


def test_a_missing_statement_and_a_parameter_given_twice_are_refused(api_as):
    api = api_as("editor")
    missing = problem(api.get(PATH, {"counted": "refugees"}))
    assert missing["problems"][0]["field"] == "statement"
    twice = api.get(PATH + "?statement=a&place=Kyiv&place=Lviv")
    assert twice.status_code == 400
    assert problem(twice)["problems"][0] == {
        "code": "repeated_parameter",
        "message": "Give this parameter once.",
        "field": "place",
    }


def test_the_address_is_not_taken_for_a_claims_id(api_as):
    # Routed before claims/<int:pk>/: never a 404 "no such claim".
    assert api_as("viewer").get(PATH, {"statement": "x"}).status_code == 200
