"""The transition table: which status may follow which, who may make the move, what must be
true first (guards.py) and how the claim page labels it. It is data: pages, the admin, bulk
actions, imports and the README's table all read it from here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.models import FINAL_STATUSES, Status
from factcheck.permissions import REVIEW_CLAIM
from factcheck.workflow.guards import (
    needs_contradicting_evidence,
    needs_methodology_notes,
    needs_second_editor,
    needs_supporting_evidence,
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    note_required: bool = False
    guards: tuple[Callable, ...] = field(default=())
    permission: str = REVIEW_CLAIM
    button_class: str = "btn-outline-primary"


TRANSITIONS = (
    Transition("start_review", (Status.UNVERIFIED,), Status.IN_REVIEW, "Start review",
               button_class="btn-primary"),
    Transition("confirm", (Status.IN_REVIEW,), Status.CONFIRMED, "Confirm",
               guards=(needs_methodology_notes, needs_supporting_evidence, needs_second_editor),
               button_class="btn-success"),
    Transition("dispute", (Status.IN_REVIEW,), Status.DISPUTED, "Dispute", note_required=True,
               button_class="btn-warning"),
    Transition("mark_unverifiable", (Status.IN_REVIEW,), Status.UNVERIFIABLE, "Mark unverifiable",
               guards=(needs_methodology_notes,), button_class="btn-dark"),
    Transition("refute", (Status.IN_REVIEW,), Status.REFUTED, "Refute", note_required=True,
               guards=(needs_contradicting_evidence,), button_class="btn-danger"),
    Transition("return_to_queue", (Status.IN_REVIEW,), Status.UNVERIFIED, "Return to queue",
               button_class="btn-outline-secondary"),
    Transition("reopen", FINAL_STATUSES, Status.IN_REVIEW, "Reopen", note_required=True,
               button_class="btn-outline-primary"),
)  # fmt: skip

# Every permission some transition needs: who holds none of them moves nothing.
TRANSITION_PERMISSIONS = frozenset(t.permission for t in TRANSITIONS)


def find_transition(from_status: str, to_status: str) -> Transition | None:
    for transition in TRANSITIONS:
        if from_status in transition.sources and transition.target == to_status:
            return transition
    return None


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources]


def available_transitions(user, claim) -> list[Transition]:
    """The transitions `user` may take from the claim's current status (guards not checked:
    the user should see the button and be told what is missing)."""
    return [t for t in transitions_from(claim.status) if user.has_perm(t.permission)]


def may_move_claims(user) -> bool:
    return any(user.has_perm(permission) for permission in TRANSITION_PERMISSIONS)


def target_choices() -> list[tuple[str, str]]:
    """Target statuses for bulk moves, named by the table's own labels, in workflow order."""
    labels = {}
    for transition in TRANSITIONS:
        labels.setdefault(transition.target, []).append(transition.label)
    return [
        (status, f"{' / '.join(labels[status])} (→ {Status(status).label})")
        for status in Status.values
        if status in labels
    ]
