"""The verification workflow: which status may follow which, who may move it, and what must
be true first. The table is data; `transition_claim` is the only code that changes a status,
and `record_imported_status` the only one that sets the status of a claim an import created.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from factcheck.errors import ClaimError, StaleClaimError
from factcheck.models import FINAL_STATUSES, Claim, EvidenceStance, Status, StatusChange

REVIEW_PERMISSION = "factcheck.review_claim"
IMPORT_PERMISSION = "factcheck.import_claims"


# --- Guards: each returns what is missing, in words, or None -------------------------------


def needs_methodology_notes(claim, actor, note):
    if not claim.methodology_notes.strip():
        return "Methodology notes are required: say how the claim was, or could not be, verified."
    return None


def _has_evidence(claim, stance):
    evidence = claim.evidence.all()
    # An imported verdict's evidence comes from a file that gives no stance: there, what the
    # file lists is the evidence the guard asks for (see imported_verdict_problems).
    if not getattr(claim, "evidence_stance_unknown", False):
        evidence = evidence.filter(stance=stance)
    return evidence.exists()


def needs_supporting_evidence(claim, actor, note):
    if not _has_evidence(claim, EvidenceStance.SUPPORTS):
        return "At least one supporting evidence item is required."
    return None


def needs_contradicting_evidence(claim, actor, note):
    if not _has_evidence(claim, EvidenceStance.CONTRADICTS):
        return "At least one contradicting evidence item is required."
    return None


def needs_second_editor(claim, actor, note):
    """With FACTCHECK_SECOND_EDITOR_REQUIRED on, whoever started the review cannot confirm."""
    if not settings.FACTCHECK_SECOND_EDITOR_REQUIRED:
        return None
    started = (
        claim.status_changes.filter(to_status=Status.IN_REVIEW)
        .order_by("-changed_at", "-id")
        .first()
    )
    if started and started.actor_id == actor.pk:
        return "A second editor must confirm: you started this review."
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    note_required: bool = False
    guards: tuple[Callable, ...] = field(default=())
    permission: str = REVIEW_PERMISSION
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


# --- Refusals ---------------------------------------------------------------------------------


class TransitionNotAllowed(ClaimError):
    def __init__(self, from_status, to_status):
        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            f"A claim cannot go from {Status(from_status).label} to {Status(to_status).label}."
        )


class GuardFailed(ClaimError):
    def __init__(self, transition, problems):
        self.transition, self.problems = transition, problems
        super().__init__(f"Cannot {transition.label.lower()} yet. " + " ".join(problems))


# --- Queries ------------------------------------------------------------------------------------


def find_transition(from_status, to_status):
    for transition in TRANSITIONS:
        if from_status in transition.sources and transition.target == to_status:
            return transition
    return None


def transitions_from(status):
    return [t for t in TRANSITIONS if status in t.sources]


def available_transitions(user, claim):
    """The transitions `user` may take from the claim's current status (guards not checked:
    the user should see the button and be told what is missing)."""
    return [t for t in transitions_from(claim.status) if user.has_perm(t.permission)]


# --- The service ------------------------------------------------------------------------------


def transition_claim(*, claim, to_status, actor, note="", expected_version):
    """Move `claim` to `to_status` on behalf of `actor` and write its audit row.

    Checks, in order, that the actor may move claims at all (PermissionDenied), that nobody
    changed the claim since `expected_version` (StaleClaimError), that the table has this
    transition (TransitionNotAllowed), that the actor holds its permission (PermissionDenied)
    and that its guards hold (GuardFailed, listing everything missing). On any refusal nothing
    is written. Returns the updated claim.
    """
    note = (note or "").strip()
    # Someone who may take no transition at all is told so, not that the claim moved on.
    if not any(actor.has_perm(permission) for permission in {t.permission for t in TRANSITIONS}):
        raise PermissionDenied("You do not have permission to move claims through the workflow.")
    with transaction.atomic():
        current = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .get(pk=claim.pk)
        )
        if current.version != expected_version:
            raise StaleClaimError(current, expected_version)
        transition = find_transition(current.status, to_status)
        if transition is None:
            raise TransitionNotAllowed(current.status, to_status)
        if not actor.has_perm(transition.permission):
            raise PermissionDenied(f"You do not have permission to {transition.label.lower()}.")
        problems = [p for guard in transition.guards if (p := guard(current, actor, note))]
        if transition.note_required and not note:
            problems.insert(0, NOTE_REQUIRED)
        if problems:
            raise GuardFailed(transition, problems)

        now = timezone.now()
        assignment = {}
        if transition.name == "start_review" and current.assigned_to_id is None:
            assignment["assigned_to"] = actor
        # The one place a status is written (see Claim.save and tests/test_status_writes.py).
        Claim.objects.filter(pk=current.pk).update(
            status=transition.target,
            version=F("version") + 1,
            updated_by=actor,
            updated_at=now,
            **assignment,
        )
        StatusChange.objects.create(
            claim=current,
            from_status=current.status,
            to_status=transition.target,
            actor=actor,
            note=note,
            changed_at=now,
        )
    current.refresh_from_db()
    return current


NOTE_REQUIRED = "A note is required: say why."


def imported_verdict_problems(*, claim, status, verifier, note):
    """What stops `claim`, just created by an import, from holding `status`, as
    (guard, message) pairs: the guards of the transition that reaches `status` in the table
    (the guard is None for a missing note). The file gives no stance for its evidence, so
    the evidence it lists counts as the evidence a guard asks for."""
    # The way the table reaches `status` from a new claim: straight from unverified, or else
    # through review.
    transition = find_transition(Status.UNVERIFIED, status) or find_transition(
        Status.IN_REVIEW, status
    )
    if transition is None:
        raise TransitionNotAllowed(Status.UNVERIFIED, status)
    claim = Claim.objects.get(pk=claim.pk)
    claim.evidence_stance_unknown = True
    problems = [(guard, p) for guard in transition.guards if (p := guard(claim, verifier, note))]
    if transition.note_required and not note.strip():
        problems.insert(0, (None, NOTE_REQUIRED))
    return transition, problems


def may_review(user):
    """Whether `user`, active or not, holds the review permission (or is a superuser): only
    such a person can have set a verdict, so only they may be named as its verifier."""
    User = get_user_model()
    reviewers = User.objects.with_perm(
        REVIEW_PERMISSION,
        is_active=None,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return reviewers.filter(pk=user.pk).exists()


def record_imported_status(*, claim, status, actor, source, set_by=None, set_at=None):
    """Give a claim that an import has just created the status it had where it came from.

    Imports only: needs the import permission, and the claim must still be unverified with
    no history. The verdict must pass the guards of the transition that reaches it in the
    table (GuardFailed), and whoever it names as verifier, `set_by` or else the importing
    `actor`, must be allowed to review claims (PermissionDenied). Writes one audit row from
    unverified straight to `status`, in the verifier's name at `set_at` (now if unknown), so
    that an export of the imported claim names the same person and time; its note says which
    file `source` and which importing user it came from. Returns the updated claim; an
    unverified `status` changes nothing.
    """
    if not actor.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied("You do not have permission to import claims.")
    status = Status(status)
    if status == Status.UNVERIFIED:
        return claim
    verifier = set_by or actor
    if not may_review(verifier):
        raise PermissionDenied(
            f"{verifier.get_username()} may not review claims, so cannot have set a verdict."
        )
    note = imported_status_note(source, actor)
    with transaction.atomic():
        current = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
        if current.status != Status.UNVERIFIED or current.status_changes.exists():
            raise TransitionNotAllowed(current.status, status)
        transition, problems = imported_verdict_problems(
            claim=current, status=status, verifier=verifier, note=note
        )
        if problems:
            raise GuardFailed(transition, [message for _, message in problems])
        now = timezone.now()
        # The other place a status is written: imports, with their audit row (see above).
        Claim.objects.filter(pk=current.pk).update(
            status=status, version=F("version") + 1, updated_by=actor, updated_at=now
        )
        StatusChange.objects.create(
            claim=current,
            from_status=Status.UNVERIFIED,
            to_status=status,
            actor=verifier,
            note=note,
            changed_at=set_at or now,
        )
    current.refresh_from_db()
    return current


def imported_status_note(source, actor):
    """The note of an imported verdict's audit row: the row keeps the verifier as actor, so
    the note is where the importing user is named."""
    return f"Imported from {source} by {actor.get_username()}."
