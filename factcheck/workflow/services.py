"""Workflow services: move a claim through the transition table, and give a claim created by
an import the verdict it had where it came from. Both check, then hand the write to
`status_writer.write_status`, the one writer of status.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from factcheck.errors import GuardFailed, NotPermitted, StaleClaimError, TransitionNotAllowed
from factcheck.history.recorder import record_change
from factcheck.models import FINAL_STATUSES, Claim, Status
from factcheck.permissions import REVIEW_CLAIM, can_import
from factcheck.workflow.guards import problems_for
from factcheck.workflow.status_writer import write_status
from factcheck.workflow.transitions import find_transition, may_move_claims


def transition_claim(*, claim, to_status, actor, note="", expected_version) -> Claim:
    """Move `claim` to `to_status` (a Status value) on behalf of `actor` and write its audit row.

    Checks, in order, that the actor may move claims at all (NotPermitted), that nobody
    changed the claim since `expected_version` (StaleClaimError), that the table has this
    transition (TransitionNotAllowed), that the actor holds its permission (NotPermitted)
    and that its guards hold (GuardFailed, listing everything missing). On any refusal nothing
    is written. Starting a review assigns the claim to the actor if nobody has it. Returns
    the updated claim.
    """
    note = (note or "").strip()
    # Someone who may take no transition at all is told so, not that the claim moved on.
    if not may_move_claims(actor):
        raise NotPermitted("You do not have permission to move claims through the workflow.")
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
            raise NotPermitted(f"You do not have permission to {transition.label.lower()}.")
        problems = problems_for(transition, current, actor, note)
        if problems:
            raise GuardFailed(transition, problems)
        assignment = {}
        if transition.name == "start_review" and current.assigned_to_id is None:
            assignment["assigned_to"] = actor
        move = write_status(
            claim=current, to_status=transition.target, actor=actor, note=note, **assignment
        )
        if assignment:
            # Taking the claim is a change of assignment: in the history like any other.
            record_change(
                claim=current,
                actor=actor,
                field="assigned_to",
                old=None,
                new=actor,
                note="Taken on starting the review.",
                at=move.changed_at,
            )
    current.refresh_from_db()
    return current


def imported_verdict_problems(*, claim, status, verifier, note):
    """What stops `claim`, just created by an import, from holding `status`, as
    (guard, Problem) pairs: the guards of the transition that reaches `status` in the table
    (the guard is None for a missing note). Returns (transition, pairs). The file gives no
    stance for its evidence, so the evidence it lists counts as the evidence a guard asks
    for. Raises TransitionNotAllowed if the table cannot reach `status` at all."""
    # The way the table reaches `status` from a new claim: straight from unverified, or else
    # through review.
    transition = find_transition(Status.UNVERIFIED, status) or find_transition(
        Status.IN_REVIEW, status
    )
    if transition is None:
        raise TransitionNotAllowed(Status.UNVERIFIED, status)
    claim = Claim.objects.get(pk=claim.pk)
    claim.evidence_stance_unknown = True
    pairs = [(guard, p) for guard in transition.guards if (p := guard(claim, verifier, note))]
    if transition.note_required and not note.strip():
        pairs.insert(0, (None, problems_for(transition, claim, verifier, "")[0]))
    return transition, pairs


def may_review(user) -> bool:
    """Whether `user`, active or not, holds the review permission (or is a superuser): only
    such a person can have set a verdict, so only they may be named as its verifier."""
    reviewers = get_user_model().objects.with_perm(
        REVIEW_CLAIM,
        is_active=None,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return reviewers.filter(pk=user.pk).exists()


def imported_verdict_arrival(status) -> Status:
    """The status an imported verdict arrives in: the verdict itself, or In review when the
    two-person rule (FACTCHECK_SECOND_EDITOR_REQUIRED) asks a second editor to decide, since
    an import must not let one editor confirm single-handed."""
    status = Status(status)
    if status in FINAL_STATUSES and settings.FACTCHECK_SECOND_EDITOR_REQUIRED:
        return Status.IN_REVIEW
    return status


def record_imported_status(
    *, claim, status, actor, source, recorded_verifier: str = "", set_at=None
) -> Claim:
    """Give a claim that an import has just created the status it had where it came from.

    Imports only: needs the import permission and the review permission, since the audit row
    is in the importing `actor`'s name (NotPermitted); the claim must still be unverified with
    no history (TransitionNotAllowed). `recorded_verifier` is who made the verdict elsewhere,
    as the file names them (any text up to 150 characters, not an account here; empty when it
    is the actor's own verdict), `set_at` when (an aware datetime, or None for now), `source`
    the file and line for the note. The verdict must pass the guards of the transition that
    reaches it in the table (GuardFailed). Writes one audit row from unverified straight to
    `status`, in the actor's name, now, keeping the recorded maker and time (`recorded_at` =
    `set_at`), so an export names them again; with the two-person rule on, the claim goes to
    In review instead, with the recorded verdict on its audit row, for a second editor to
    decide (the guards are theirs to meet then). Returns the updated claim; an unverified
    `status` changes nothing.
    """
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    status = Status(status)
    if status == Status.UNVERIFIED:
        return claim
    if not may_review(actor):
        raise NotPermitted(
            f"{actor.get_username()} may not review claims, so cannot import a verdict."
        )
    arrival, note, recorded_verifier = imported_verdict_record(
        status=status, actor=actor, source=source, recorded_verifier=recorded_verifier
    )
    with transaction.atomic():
        current = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
        if current.status != Status.UNVERIFIED or current.status_changes.exists():
            raise TransitionNotAllowed(current.status, status)
        if arrival == status:
            transition, pairs = imported_verdict_problems(
                claim=current, status=status, verifier=actor, note=note
            )
            if pairs:
                raise GuardFailed(transition, [problem for _, problem in pairs])
        write_status(
            claim=current,
            to_status=arrival,
            actor=actor,
            note=note,
            recorded_verifier=recorded_verifier,
            recorded_status=status,
            recorded_at=set_at,
        )
    current.refresh_from_db()
    return current


def imported_verdict_record(*, status, actor, source, recorded_verifier=""):
    """What the audit row of an imported verdict holds besides the verdict: (the status it
    arrives in, its note, the recorded verifier: white space folded, empty when it is
    `actor`'s own name). `record_imported_status` and the importer's batch writer both use
    it, so the two write the same row."""
    status = Status(status)
    recorded_verifier = " ".join(recorded_verifier.split())
    if recorded_verifier == actor.get_username():
        recorded_verifier = ""
    arrival = imported_verdict_arrival(status)
    note = imported_status_note(
        source, actor, recorded_verifier=recorded_verifier, status=status, arrival=arrival
    )
    return arrival, note, recorded_verifier


def imported_status_note(source, actor, *, recorded_verifier="", status=None, arrival=None) -> str:
    """The note of an imported verdict's audit row: where it came from, who imported it, and
    who made the verdict elsewhere (`recorded_verifier`, when not the importer)."""
    where = f"Imported from {source} by {actor.get_username()}."
    if status is None:
        return where
    made = f"made elsewhere by {recorded_verifier}" if recorded_verifier else "made elsewhere"
    if arrival is not None and arrival != status:
        return (
            f"{where} The file records the verdict {Status(status).label}, {made}; "
            "with the two-person rule a second editor decides it here."
        )
    if recorded_verifier:
        return f"{where} Verdict {made}."
    return where
