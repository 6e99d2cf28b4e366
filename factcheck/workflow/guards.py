"""Guards: what must be true before a transition. Each takes (claim, actor, note) and returns
what is missing as a `Problem` with a stable code, or None. The transition table
(`transitions.py`) says which guards each move has; imports reuse them for imported verdicts.
"""

from django.conf import settings

from factcheck.errors import Problem
from factcheck.models import EvidenceStance, Status

NOTE_REQUIRED = Problem("A note is required: say why.", code="note_required", field="note")


def needs_methodology_notes(claim, actor, note):
    if not claim.methodology_notes.strip():
        return Problem(
            "Methodology notes are required: say how the claim was, or could not be, verified.",
            code="methodology_notes_required",
            field="methodology_notes",
        )
    return None


def _has_evidence(claim, stance):
    evidence = claim.evidence.all()
    # An imported verdict's evidence comes from a file that gives no stance: there, what the
    # file lists is the evidence the guard asks for (see services.imported_verdict_problems).
    if not getattr(claim, "evidence_stance_unknown", False):
        evidence = evidence.filter(stance=stance)
    return evidence.exists()


def _needs_evidence(stance, adjective):
    """A guard that asks for at least one evidence item of `stance`."""

    def guard(claim, actor, note):
        if _has_evidence(claim, stance):
            return None
        return Problem(
            f"At least one {adjective} evidence item is required.",
            code=f"{adjective}_evidence_required",
            field="evidence",
        )

    guard.__name__ = f"needs_{adjective}_evidence"
    return guard


needs_supporting_evidence = _needs_evidence(EvidenceStance.SUPPORTS, "supporting")
needs_contradicting_evidence = _needs_evidence(EvidenceStance.CONTRADICTS, "contradicting")


def needs_second_editor(claim, actor, note):
    """With FACTCHECK_SECOND_EDITOR_REQUIRED on, whoever started the review cannot confirm
    (the two-person rule)."""
    if not settings.FACTCHECK_SECOND_EDITOR_REQUIRED:
        return None
    started = (
        claim.status_changes.filter(to_status=Status.IN_REVIEW)
        .order_by("-changed_at", "-id")
        .first()
    )
    if started and started.actor_id == actor.pk:
        return Problem(
            "A second editor must confirm: you started this review.",
            code="second_editor_required",
        )
    return None


def problems_for(transition, claim, actor, note):
    """Everything that stops `transition` for `claim` now, as Problems (empty when it may
    go ahead): a missing note first, then each guard's complaint in table order."""
    problems = [p for guard in transition.guards if (p := guard(claim, actor, note))]
    if transition.note_required and not note.strip():
        problems.insert(0, NOTE_REQUIRED)
    return problems
