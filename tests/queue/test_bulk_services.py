"""Bulk services: one outcome per claim, in order, each through the claim's own service."""

import pytest

from factcheck.errors import NotPermitted
from factcheck.models import Status
from factcheck.queue.bulk import bulk_assign_claims, bulk_transition_claims
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_each_claim_gets_its_own_outcome(editor):
    fresh, moved_meanwhile = ClaimFactory(), ClaimFactory()
    outcomes = bulk_transition_claims(
        claim_ids=[fresh.pk, moved_meanwhile.pk, 999_999],
        to_status=Status.IN_REVIEW,
        note="",
        versions={fresh.pk: 1, moved_meanwhile.pk: 7},
        actor=editor,
    )
    assert [(o.claim_id, o.done, o.code) for o in outcomes] == [
        (fresh.pk, True, ""),
        (moved_meanwhile.pk, False, "stale"),
        (999_999, False, "not_found"),
    ]
    fresh.refresh_from_db()
    assert fresh.status == Status.IN_REVIEW


def test_a_guard_refusal_names_its_code(editor):
    claim = ClaimFactory()
    [outcome] = bulk_transition_claims(
        claim_ids=[claim.pk], to_status=Status.CONFIRMED, note="", versions={claim.pk: 1},
        actor=editor,
    )  # fmt: skip
    assert (outcome.done, outcome.code) == (False, "transition_not_allowed")


def test_assigning_in_bulk_refuses_people_who_cannot_have_claims(editor, viewer):
    claim = ClaimFactory()
    [outcome] = bulk_assign_claims(claim_ids=[claim.pk], assignee=viewer, actor=editor)
    assert (outcome.done, outcome.code) == (False, "invalid")
    assert "only active editors and reporters" in outcome.message


def test_who_may_not_act_is_refused_before_any_claim(reporter, viewer):
    claim = ClaimFactory()
    with pytest.raises(NotPermitted):
        bulk_assign_claims(claim_ids=[claim.pk], assignee=None, actor=viewer)
    with pytest.raises(NotPermitted):
        bulk_transition_claims(
            claim_ids=[claim.pk], to_status="in_review", note="", versions={}, actor=reporter
        )
