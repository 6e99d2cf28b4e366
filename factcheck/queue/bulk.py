"""Acting on many claims at once. Each claim goes separately through the same service as on
its own page (`transition_claim`, `assign_claim`), in its own transaction, so every claim
obeys the same permission, version and guard rules; one refusal does not stop the others.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from factcheck.claims.assignment import assign_claim
from factcheck.errors import NotPermitted, Refusal, as_refusal
from factcheck.models import Claim
from factcheck.permissions import can_act_in_bulk, can_assign, can_review
from factcheck.workflow.services import transition_claim

MAX_BULK = 200


@dataclass
class Outcome:
    """What happened to one claim: done or refused, and the message saying which."""

    claim_id: int
    claim: Claim | None
    done: bool
    message: str
    code: str = ""  # the refusal's stable code when refused


def _claims(claim_ids):
    return Claim.objects.select_related("claimant").in_bulk(claim_ids)


def _missing(claim_id):
    return Outcome(claim_id, None, False, "This claim no longer exists.", "not_found")


def _refused(claim, error):
    refusal = as_refusal(error)
    return Outcome(claim.pk, claim, False, str(refusal), refusal.code)


def check_bulk_permission(actor) -> None:
    """Raise NotPermitted unless `actor` may act on claims in bulk at all."""
    if not can_act_in_bulk(actor):
        raise NotPermitted("You do not have permission to act on claims in bulk.")


def bulk_transition_claims(
    *, claim_ids: list[int], to_status: str, note: str, versions: dict[int, int], actor
) -> list[Outcome]:
    """Move each claim of `claim_ids` (at most MAX_BULK) to `to_status`, checking the version
    the actor saw of each (`versions`: claim id -> version). Returns one Outcome per id, in
    order. Raises NotPermitted if the actor may not move claims at all."""
    if not can_review(actor):
        raise NotPermitted("You do not have permission for this action.")
    found = _claims(claim_ids)
    outcomes = []
    for claim_id in claim_ids:
        claim = found.get(claim_id)
        if claim is None:
            outcomes.append(_missing(claim_id))
        elif versions.get(claim_id) is None:
            outcomes.append(
                Outcome(
                    claim_id,
                    claim,
                    False,
                    "The page did not say which version you saw; reload the queue and try again.",
                    "stale",
                )
            )
        else:
            outcomes.append(_move(claim, to_status, note, versions[claim_id], actor))
    return outcomes


def _move(claim, to_status, note, version, actor):
    before = claim.get_status_display()
    try:
        updated = transition_claim(
            claim=claim, to_status=to_status, actor=actor, note=note, expected_version=version
        )
    except Refusal as error:
        return _refused(claim, error)
    return Outcome(claim.pk, updated, True, f"{before} → {updated.get_status_display()}.")


def bulk_assign_claims(*, claim_ids: list[int], assignee, actor) -> list[Outcome]:
    """Give each claim of `claim_ids` to `assignee` (a user, or None for nobody). Returns one
    Outcome per id, in order. Raises NotPermitted if the actor may not assign claims."""
    if not can_assign(actor):
        raise NotPermitted("You do not have permission for this action.")
    found = _claims(claim_ids)
    who = assignee.get_username() if assignee else "nobody"
    outcomes = []
    for claim_id in claim_ids:
        claim = found.get(claim_id)
        if claim is None:
            outcomes.append(_missing(claim_id))
            continue
        try:
            assign_claim(claim=claim, assignee=assignee, actor=actor)
        except (Refusal, ValidationError) as error:
            outcomes.append(_refused(claim, error))
            continue
        outcomes.append(Outcome(claim.pk, claim, True, f"Assigned to {who}."))
    return outcomes
