"""POST /api/v1/claims/ and claim matching (issue 18): a figure the desk already holds is
held as on the New claim form (409 same_figure with the matches) until the client files it
anyway; a claim filed carries its matches."""

import pytest

from factcheck.models import Claim
from tests.api.conftest import problem
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

PATH = "/api/v1/claims/"
ROLES = ("anonymous", "viewer", "reporter", "editor", "revoked", "expired")


def same_figure(ohchr, **changes):
    """The OHCHR figure, reworded and a day later: a same-figure match."""
    return {
        "statement": "The UN rights office says at least 227 civilians were killed in Ukraine.",
        "claimant": ohchr.claimant_id,
        "value": 227,
        "qualifier": "at_least",
        "counted": "civilians killed",
        "place": "Ukraine",
        "as_of": "2022-03-02",
        **changes,
    }


#                 anonymous viewer reporter editor revoked expired
HELD =           (401, 403, 409, 409, 401, 401)  # fmt: skip
FILED_ANYWAY =   (401, 403, 201, 201, 401, 401)  # fmt: skip


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, HELD, strict=True)))
def test_a_known_figure_is_held_for_every_role_that_may_file(api_as, role, expected, ohchr):
    before = Claim.objects.count()
    response = api_as(role).post(PATH, same_figure(ohchr))
    assert response.status_code == expected
    assert Claim.objects.count() == before
    if expected == 409:
        assert response["Content-Type"] == "application/problem+json"
        body = problem(response)
        assert body["code"] == "same_figure"
        assert body["type"].endswith("#problem-same_figure")
        assert f"claim {ohchr.pk}" in body["detail"]
        assert body["duplicate"] is None
        assert body["matches"][0] == {
            "claim": ohchr.pk,
            "kind": "same_figure",
            "score": body["matches"][0]["score"],
            "statement": ohchr.statement,
            "status": "confirmed",
            "url": f"http://127.0.0.1:8000/claims/{ohchr.pk}/",
            "api_url": f"http://127.0.0.1:8000/api/v1/claims/{ohchr.pk}/",
        }
    elif expected == 403:
        # Nothing about the desk's claims for a role that may not file.
        assert "matches" not in problem(response)


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, FILED_ANYWAY, strict=True)))
def test_filing_anyway_files_it_with_its_matches(api_as, role, expected, ohchr):
    response = api_as(role).post(PATH, same_figure(ohchr, file_anyway=True))
    assert response.status_code == expected
    if expected == 201:
        body = response.json()
        assert Claim.objects.filter(pk=body["id"], statement__startswith="The UN rights").exists()
        assert [(m["claim"], m["kind"]) for m in body["matches"]] == [(ohchr.pk, "same_figure")]


def test_another_figure_of_the_quantity_is_filed_with_it_as_a_match(api_as, ohchr):
    response = api_as("reporter").post(
        PATH, same_figure(ohchr, value=310, statement="At least 310 civilians killed, UN says.")
    )
    assert response.status_code == 201
    kinds = {m["claim"]: m["kind"] for m in response.json()["matches"]}
    assert kinds == {ohchr.pk: "same_quantity"}


def test_a_claim_like_no_other_is_filed_with_no_matches(api_as, ohchr):
    response = api_as("reporter").post(
        PATH,
        {
            "statement": "Wheat exports from Odesa fell by half in March.",
            "new_claimant": {"name": "Port authority"},
        },
    )
    assert response.status_code == 201
    assert response.json()["matches"] == []


def test_the_same_claim_without_a_figure_is_held_too(api_as, ohchr):
    # No figure, so no same-figure match: the importer's rule (same statement, claimant,
    # figure and date) still holds it, as the New claim form does.
    words = "The ministry said the bridge at Irpin was never finished."
    original = ClaimFactory(
        claimant=ohchr.claimant,
        statement=words,
        value=None,
        qualifier="",
        counted="",
        place="",
        as_of=None,
    )
    api = api_as("editor")
    held = api.post(PATH, {"statement": words, "claimant": ohchr.claimant_id})
    assert held.status_code == 409
    assert problem(held)["duplicate"] == original.pk
    assert f"claim {original.pk}" in problem(held)["detail"]
    filed = api.post(PATH, {"statement": words, "claimant": ohchr.claimant_id, "file_anyway": True})
    assert filed.status_code == 201


def test_file_anyway_must_be_a_boolean(api_as, ohchr):
    response = api_as("editor").post(PATH, same_figure(ohchr, file_anyway="perhaps"))
    assert response.status_code == 400
    assert [p["field"] for p in problem(response)["problems"]] == ["file_anyway"]


def test_an_invalid_claim_is_refused_before_any_matching(api_as, ohchr):
    # A value without a qualifier is the claim rules' 400, not a hold.
    response = api_as("editor").post(PATH, same_figure(ohchr, qualifier=""))
    assert response.status_code == 400
    assert problem(response)["code"] == "invalid"


def test_the_schema_documents_the_hold_and_the_flag(api_as):
    schema = api_as("editor").get("/api/v1/schema/?format=json").json()
    post = schema["paths"]["/api/v1/claims/"]["post"]
    assert set(post["responses"]) >= {"201", "409"}
    request_ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = schema["components"]["schemas"][request_ref.rsplit("/", 1)[1]]
    assert request["properties"]["file_anyway"]["type"] == "boolean"
    created_ref = post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    created = schema["components"]["schemas"][created_ref.rsplit("/", 1)[1]]
    assert "matches" in created["properties"]
