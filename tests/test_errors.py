"""The refusal family: every refusal has a stable code and an HTTP status, and Django's own
PermissionDenied and ValidationError map onto it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck.errors import (
    ClaimLockedError,
    GuardFailed,
    InvalidInput,
    NotPermitted,
    Problem,
    Refusal,
    StaleClaimError,
    TransitionNotAllowed,
    as_refusal,
)
from factcheck.models import Status
from factcheck.workflow.services import transition_claim
from factcheck.workflow.transitions import find_transition
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_each_refusal_has_its_code_and_status(claim):
    confirm = find_transition(Status.IN_REVIEW, Status.CONFIRMED)
    refusals = {
        NotPermitted("no"): ("permission_denied", 403),
        ClaimLockedError(claim): ("locked", 409),
        StaleClaimError(claim, 0): ("stale", 409),
        TransitionNotAllowed(Status.UNVERIFIED, Status.CONFIRMED): ("transition_not_allowed", 409),
        GuardFailed(confirm, [Problem("x", code="x_required")]): ("guard_failed", 400),
        InvalidInput("bad"): ("invalid", 400),
    }
    for refusal, expected in refusals.items():
        assert isinstance(refusal, Refusal)
        assert (refusal.code, refusal.status) == expected
        assert refusal.as_dict()["code"] == expected[0]


def test_a_permission_refusal_is_still_a_permission_denied():
    assert isinstance(NotPermitted("no"), PermissionDenied)


def test_a_failed_guard_lists_each_missing_item_with_its_own_code(editor):
    claim = ClaimFactory(methodology_notes="")
    claim = transition_claim(
        claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=1
    )
    with pytest.raises(GuardFailed) as refusal:
        transition_claim(
            claim=claim, to_status=Status.REFUTED, actor=editor, expected_version=claim.version
        )
    problems = refusal.value.as_dict()["problems"]
    assert [p["code"] for p in problems] == ["note_required", "contradicting_evidence_required"]
    assert problems[0]["field"] == "note"


def test_django_errors_become_refusals():
    assert as_refusal(PermissionDenied("Not yours.")).code == "permission_denied"
    invalid = as_refusal(ValidationError({"value": "Enter a number."}))
    assert invalid.code == "invalid"
    assert invalid.as_dict()["problems"] == [
        {"code": "invalid", "message": "Enter a number.", "field": "value"}
    ]
    assert as_refusal(ValueError("a bug")) is None


def test_two_validators_refusing_a_field_in_the_same_words_make_one_problem():
    said_twice = ValidationError({"url": ["Enter a web address.", "Enter a web address."]})
    refusal = as_refusal(said_twice)
    assert refusal.as_dict()["problems"] == [
        {"code": "invalid", "message": "Enter a web address.", "field": "url"}
    ]
    assert str(refusal) == "Enter a web address."
