"""Claims over the API: each endpoint by role, the version rules, every guard and the lock,
the audit trail in the token's user's name."""

import pytest

from factcheck.models import Claim, EvidenceStance, Status, StatusChange
from tests.api.conftest import problem
from tests.factories import ClaimantFactory, ClaimFactory, EvidenceFactory

ROLES = ("anonymous", "viewer", "reporter", "editor", "revoked", "expired")


def etag(claim):
    claim.refresh_from_db()
    return f'"claim-{claim.pk}-v{claim.version}"'


@pytest.fixture
def claimant(db):
    return ClaimantFactory(name="UNHCR")


NEW_CLAIM = {
    "statement": "More than 1,000,000 refugees have fled Ukraine.",
    "value": 1000000,
    "qualifier": "more_than",
    "counted": "refugees",
    "as_of": "2022-03-02",
}


# --- Who may do what ------------------------------------------------------------------------

#                 anonymous viewer reporter editor revoked expired
ANSWERS = {
    "list":       (401, 200, 200, 200, 401, 401),
    "detail":     (401, 200, 200, 200, 401, 401),
    "create":     (401, 403, 201, 201, 401, 401),
    "edit":       (401, 403, 200, 200, 401, 401),  # the reporter's own unverified claim
    "transition": (401, 403, 403, 200, 401, 401),
    "evidence":   (401, 403, 201, 201, 401, 401),
    "assign":     (401, 403, 403, 200, 401, 401),
}  # fmt: skip


def call(api, action, claim, claimant, editor):
    base = f"/api/v1/claims/{claim.pk}/"
    match action:
        case "list":
            return api.get("/api/v1/claims/")
        case "detail":
            return api.get(base)
        case "create":
            return api.post("/api/v1/claims/", {**NEW_CLAIM, "claimant": claimant.pk})
        case "edit":
            return api.patch(base, {"place": "Ukraine"}, **{"If-Match": etag(claim)})
        case "transition":
            return api.post(
                base + "transitions/", {"to_status": "in_review"}, **{"If-Match": etag(claim)}
            )
        case "evidence":
            return api.post(base + "evidence/", {"url": "https://example.org/a"})
        case "assign":
            return api.post(base + "assignment/", {"assigned_to": editor.pk})


@pytest.mark.django_db
@pytest.mark.parametrize("action", ANSWERS)
@pytest.mark.parametrize("role", ROLES)
def test_each_endpoint_by_role(api_as, role, action, claim, claimant, editor):
    expected = ANSWERS[action][ROLES.index(role)]
    response = call(api_as(role), action, claim, claimant, editor)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert problem(response)["code"] in {
            "not_authenticated",
            "token_revoked",
            "token_expired",
            "permission_denied",
        }


@pytest.mark.django_db
def test_a_reporter_cannot_edit_someone_elses_claim(api_as, editor):
    claim = ClaimFactory(created_by=editor)
    response = api_as("reporter").patch(
        f"/api/v1/claims/{claim.pk}/", {"place": "x"}, **{"If-Match": etag(claim)}
    )
    assert response.status_code == 403
    assert problem(response)["code"] == "permission_denied"


# --- Versions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_etag_carries_the_version(api_as, claim):
    response = api_as("viewer").get(f"/api/v1/claims/{claim.pk}/")
    assert response["ETag"] == f'"claim-{claim.pk}-v{claim.version}"'
    assert response.json()["version"] == claim.version


@pytest.mark.django_db
def test_an_edit_without_if_match_is_428_then_stale_412_then_saved(api_as, claim, editor2):
    api = api_as("editor")
    path = f"/api/v1/claims/{claim.pk}/"
    missing = api.patch(path, {"place": "Kyiv"})
    assert missing.status_code == 428
    assert problem(missing)["code"] == "version_required"

    seen = etag(claim)
    api_as("editor2").patch(path, {"place": "Lviv"}, **{"If-Match": seen})
    stale = api.patch(path, {"place": "Kyiv"}, **{"If-Match": seen})
    assert stale.status_code == 412
    body = problem(stale)
    assert body["code"] == "stale"
    assert "editor2 changed this claim" in body["detail"] and "edited its content" in body["detail"]
    assert Claim.objects.get(pk=claim.pk).place == "Lviv"

    fresh = api.patch(
        path, {"place": "Kyiv"}, **{"If-Match": f'"claim-{claim.pk}-v{body["current_version"]}"'}
    )
    assert fresh.status_code == 200
    assert fresh.json()["place"] == "Kyiv"
    assert fresh["ETag"] == etag(claim)


@pytest.mark.django_db
def test_a_stale_transition_says_who_moved_the_claim(api_as, claim):
    seen = etag(claim)
    path = f"/api/v1/claims/{claim.pk}/transitions/"
    assert (
        api_as("editor2").post(path, {"to_status": "in_review"}, **{"If-Match": seen}).status_code
        == 200
    )
    stale = api_as("editor").post(path, {"to_status": "in_review"}, **{"If-Match": seen})
    assert stale.status_code == 412
    assert "moved it from Unverified to In review" in problem(stale)["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["*", ""])
def test_if_match_must_name_a_version(api_as, claim, header):
    response = api_as("editor").patch(
        f"/api/v1/claims/{claim.pk}/", {"place": "x"}, **{"If-Match": header}
    )
    assert response.status_code == 428


@pytest.mark.django_db
def test_an_etag_of_another_claim_never_matches(api_as, claim):
    other = ClaimFactory()
    response = api_as("editor").patch(
        f"/api/v1/claims/{claim.pk}/", {"place": "x"}, **{"If-Match": etag(other)}
    )
    assert response.status_code == 412


# --- Workflow: guards, lock, audit ----------------------------------------------------------


def move(api, claim, to_status, note=""):
    return api.post(
        f"/api/v1/claims/{claim.pk}/transitions/",
        {"to_status": to_status, "note": note},
        **{"If-Match": etag(claim)},
    )


@pytest.fixture
def in_review(api_as, claim):
    assert move(api_as("editor"), claim, "in_review").status_code == 200
    claim.refresh_from_db()
    return claim


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("to_status", "codes"),
    [
        ("confirmed", {"methodology_notes_required", "supporting_evidence_required"}),
        ("disputed", {"note_required"}),
        ("unverifiable", {"methodology_notes_required"}),
        ("refuted", {"note_required", "contradicting_evidence_required"}),
    ],
)
def test_every_guard_answers_with_each_problem_and_its_code(api_as, in_review, to_status, codes):
    response = move(api_as("editor"), in_review, to_status)
    assert response.status_code == 400
    body = problem(response)
    assert body["code"] == "guard_failed"
    assert {p["code"] for p in body["problems"]} == codes
    assert Claim.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


@pytest.mark.django_db
def test_a_move_the_table_lacks_is_409(api_as, claim):
    response = move(api_as("editor"), claim, "confirmed")
    assert response.status_code == 409
    assert problem(response)["code"] == "transition_not_allowed"


@pytest.mark.django_db
def test_the_two_person_rule_holds(api_as, in_review, settings):
    settings.FACTCHECK_SECOND_EDITOR_REQUIRED = True
    Claim.objects.filter(pk=in_review.pk).update(methodology_notes="Checked.")
    EvidenceFactory(claim=in_review, stance=EvidenceStance.SUPPORTS)
    refused = move(api_as("editor"), in_review, "confirmed")
    assert refused.status_code == 400
    assert problem(refused)["code"] == "guard_failed"
    assert move(api_as("editor2"), in_review, "confirmed").status_code == 200


@pytest.mark.django_db
def test_a_confirmed_claim_is_locked_for_edits_and_evidence(api_as, in_review):
    Claim.objects.filter(pk=in_review.pk).update(methodology_notes="Checked.")
    EvidenceFactory(claim=in_review, stance=EvidenceStance.SUPPORTS)
    api = api_as("editor")
    assert move(api, in_review, "confirmed").status_code == 200
    edit = api.patch(
        f"/api/v1/claims/{in_review.pk}/", {"place": "x"}, **{"If-Match": etag(in_review)}
    )
    assert edit.status_code == 409 and problem(edit)["code"] == "locked"
    evidence = api.post(f"/api/v1/claims/{in_review.pk}/evidence/", {"url": "https://example.org/"})
    assert evidence.status_code == 409 and problem(evidence)["code"] == "locked"


@pytest.mark.django_db
def test_the_audit_trail_names_the_tokens_user(api_as, claim, editor2):
    assert move(api_as("editor2"), claim, "in_review", note="Taking it").status_code == 200
    change = StatusChange.objects.get(claim=claim)
    assert change.actor == editor2 and change.note == "Taking it"
    claim.refresh_from_db()
    assert claim.assigned_to == editor2


# --- Create, evidence, assignment: validation ---------------------------------------------


@pytest.mark.django_db
def test_a_new_claim_is_judged_by_the_claim_rules(api_as, claimant):
    response = api_as("reporter").post(
        "/api/v1/claims/", {"statement": "x", "value": 5, "claimant": claimant.pk}
    )
    assert response.status_code == 400
    body = problem(response)
    assert {(p["field"], p["code"]) for p in body["problems"]} == {
        ("qualifier", "qualifier_required"),
        ("counted", "counted_required"),
    }


@pytest.mark.django_db
def test_a_claim_names_one_claimant(api_as, claimant):
    api = api_as("reporter")
    neither = api.post("/api/v1/claims/", {"statement": "x"})
    assert [p["code"] for p in problem(neither)["problems"]] == ["claimant_required"]
    both = api.post(
        "/api/v1/claims/",
        {"statement": "x", "claimant": claimant.pk, "new_claimant": {"name": "B"}},
    )
    assert [p["code"] for p in problem(both)["problems"]] == ["claimant_twice"]
    unknown = api.post("/api/v1/claims/", {"statement": "x", "claimant": 99999})
    assert [p["code"] for p in problem(unknown)["problems"]] == ["does_not_exist"]


@pytest.mark.django_db
def test_a_new_claimant_is_matched_ignoring_case(api_as, claimant):
    response = api_as("reporter").post(
        "/api/v1/claims/", {**NEW_CLAIM, "new_claimant": {"name": "unhcr", "kind": "un_agency"}}
    )
    assert response.status_code == 201
    assert response.json()["claimant"]["id"] == claimant.pk
    assert response["Location"].endswith(f"/api/v1/claims/{response.json()['id']}/")


@pytest.mark.django_db
def test_a_figure_is_returned_as_a_json_number(api_as, claimant):
    response = api_as("reporter").post(
        "/api/v1/claims/", {**NEW_CLAIM, "claimant": claimant.pk, "value": "2.5", "unit": "%"}
    )
    assert response.status_code == 201
    assert b'"value":2.5,' in response.content


@pytest.mark.django_db
def test_evidence_must_be_a_web_link(api_as, claim):
    response = api_as("reporter").post(
        f"/api/v1/claims/{claim.pk}/evidence/", {"url": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert problem(response)["problems"][0]["field"] == "url"


@pytest.mark.django_db
def test_only_editors_and_reporters_can_be_assigned(api_as, claim, viewer):
    response = api_as("editor").post(
        f"/api/v1/claims/{claim.pk}/assignment/", {"assigned_to": viewer.pk}
    )
    assert response.status_code == 400
    assert problem(response)["problems"][0]["field"] == "assigned_to"
    unassign = api_as("editor").post(
        f"/api/v1/claims/{claim.pk}/assignment/", {"assigned_to": None}
    )
    assert unassign.status_code == 200 and unassign.json()["assigned_to"] is None
