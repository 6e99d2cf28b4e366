"""The verification workflow: every row of the table, for every role, on every path."""

import pytest
from django.core.exceptions import PermissionDenied

from factcheck.errors import GuardFailed, StaleClaimError, TransitionNotAllowed
from factcheck.models import FINAL_STATUSES, Claim, EvidenceStance, Status, StatusChange
from factcheck.workflow.services import transition_claim
from factcheck.workflow.transitions import TRANSITIONS, available_transitions, find_transition
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db

# (from, to, label, needs a note, guard) exactly as the issue's table has them.
TABLE = [
    (Status.UNVERIFIED, Status.IN_REVIEW, "Start review", False),
    (Status.IN_REVIEW, Status.CONFIRMED, "Confirm", False),
    (Status.IN_REVIEW, Status.DISPUTED, "Dispute", True),
    (Status.IN_REVIEW, Status.UNVERIFIABLE, "Mark unverifiable", False),
    (Status.IN_REVIEW, Status.REFUTED, "Refute", True),
    (Status.IN_REVIEW, Status.UNVERIFIED, "Return to queue", False),
    *[(final, Status.IN_REVIEW, "Reopen", True) for final in FINAL_STATUSES],
]
ROWS = [pytest.param(*row, id=f"{row[0]}->{row[1]}") for row in TABLE]


def claim_in(status, **fields):
    """A claim in `status` whose guards all hold: notes, supporting and contradicting evidence."""
    claim = ClaimFactory(**{"methodology_notes": "Counts confirmed casualties only.", **fields})
    EvidenceFactory(claim=claim, stance=EvidenceStance.SUPPORTS)
    EvidenceFactory(claim=claim, stance=EvidenceStance.CONTRADICTS, url="https://example.org/no")
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    return claim


def move(claim, to_status, actor, note="Because."):
    return transition_claim(
        claim=claim, to_status=to_status, actor=actor, note=note, expected_version=claim.version
    )


def test_the_table_is_the_issue_table():
    rows = {(s, t.target, t.label, t.note_required) for t in TRANSITIONS for s in t.sources}
    assert rows == set(TABLE)


@pytest.mark.parametrize(("source", "target", "label", "needs_note"), ROWS)
@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_and_superusers_take_every_transition(
    request, role, source, target, label, needs_note
):
    actor = request.getfixturevalue(role)
    claim = claim_in(source)
    moved = move(claim, target, actor)
    assert moved.status == target
    assert moved.version == claim.version + 1
    assert moved.updated_by == actor
    change = StatusChange.objects.get(claim=claim)
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        source,
        target,
        actor,
        "Because.",
    )


@pytest.mark.parametrize(("source", "target", "label", "needs_note"), ROWS)
@pytest.mark.parametrize("role", ["reporter", "viewer"])
def test_reporters_and_viewers_take_no_transition(request, role, source, target, label, needs_note):
    actor = request.getfixturevalue(role)
    claim = claim_in(source)
    assert available_transitions(actor, claim) == []
    with pytest.raises(PermissionDenied):
        move(claim, target, actor)
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (source, 1)
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    ("source", "target", "label", "needs_note"), [r for r in ROWS if r.values[3]]
)
def test_a_note_is_required_where_the_table_says(editor, source, target, label, needs_note):
    claim = claim_in(source)
    with pytest.raises(GuardFailed, match="A note is required"):
        move(claim, target, editor, note="   ")
    assert not StatusChange.objects.exists()


def test_confirm_needs_methodology_notes_and_supporting_evidence(editor):
    claim = ClaimFactory(methodology_notes="")
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    claim.refresh_from_db()
    with pytest.raises(GuardFailed) as refusal:
        move(claim, Status.CONFIRMED, editor)
    assert refusal.value.problems == [
        "Methodology notes are required: say how the claim was, or could not be, verified.",
        "At least one supporting evidence item is required.",
    ]
    EvidenceFactory(claim=claim, stance=EvidenceStance.CONTEXT)
    claim.methodology_notes = "Checked against the OHCHR update."
    claim.save()
    with pytest.raises(GuardFailed, match="supporting evidence"):
        move(claim, Status.CONFIRMED, editor)
    EvidenceFactory(claim=claim, stance=EvidenceStance.SUPPORTS)
    assert move(claim, Status.CONFIRMED, editor).status == Status.CONFIRMED


def test_mark_unverifiable_needs_methodology_notes(editor):
    claim = claim_in(Status.IN_REVIEW, methodology_notes="")
    with pytest.raises(GuardFailed, match="Methodology notes are required"):
        move(claim, Status.UNVERIFIABLE, editor)


def test_refute_needs_a_note_and_contradicting_evidence(editor):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    claim.refresh_from_db()
    with pytest.raises(GuardFailed) as refusal:
        move(claim, Status.REFUTED, editor, note="")
    assert refusal.value.problems == [
        "A note is required: say why.",
        "At least one contradicting evidence item is required.",
    ]


def every_missing_pair():
    for source in Status:
        for target in Status:
            if source != target and find_transition(source, target) is None:
                yield pytest.param(source, target, id=f"{source}->{target}")


@pytest.mark.parametrize(("source", "target"), list(every_missing_pair()))
def test_transitions_outside_the_table_are_refused(editor, source, target):
    claim = claim_in(source)
    with pytest.raises(TransitionNotAllowed, match="cannot go from"):
        move(claim, target, editor)
    claim.refresh_from_db()
    assert claim.status == source
    assert not StatusChange.objects.exists()


def test_start_review_assigns_the_claim_if_nobody_has_it(editor, editor2):
    claim = move(claim_in(Status.UNVERIFIED), Status.IN_REVIEW, editor)
    assert claim.assigned_to == editor
    other = claim_in(Status.UNVERIFIED, assigned_to=editor2)
    assert move(other, Status.IN_REVIEW, editor).assigned_to == editor2


def test_stale_version_is_refused_and_nothing_is_written(editor, editor2):
    claim = claim_in(Status.UNVERIFIED)
    move(claim, Status.IN_REVIEW, editor)
    with pytest.raises(
        StaleClaimError, match="editor changed this claim .*: moved it from Unverified to In review"
    ):
        transition_claim(claim=claim, to_status=Status.IN_REVIEW, actor=editor2, expected_version=1)
    assert StatusChange.objects.count() == 1


@pytest.mark.parametrize("second_editor_required", [False, True])
def test_two_person_rule(settings, editor, editor2, second_editor_required):
    settings.FACTCHECK_SECOND_EDITOR_REQUIRED = second_editor_required
    claim = move(claim_in(Status.UNVERIFIED), Status.IN_REVIEW, editor)
    if second_editor_required:
        with pytest.raises(GuardFailed, match="A second editor must confirm"):
            move(claim, Status.CONFIRMED, editor)
        claim = move(claim, Status.CONFIRMED, editor2)
    else:
        claim = move(claim, Status.CONFIRMED, editor)
    assert claim.status == Status.CONFIRMED


def test_every_step_writes_one_audit_row_and_the_history_reads_back(editor, editor2):
    claim = claim_in(Status.UNVERIFIED)
    claim = move(claim, Status.IN_REVIEW, editor)
    claim = move(claim, Status.CONFIRMED, editor2)
    claim = move(claim, Status.IN_REVIEW, editor, note="New OHCHR figures.")
    history = list(claim.status_changes.values_list("from_status", "to_status"))
    assert history == [  # newest first
        (Status.CONFIRMED, Status.IN_REVIEW),
        (Status.IN_REVIEW, Status.CONFIRMED),
        (Status.UNVERIFIED, Status.IN_REVIEW),
    ]
    assert claim.version == 4


def test_reopening_unlocks_the_content(editor):
    from factcheck.permissions import can_edit_claim

    claim = claim_in(Status.CONFIRMED)
    assert not can_edit_claim(editor, claim)
    claim = move(claim, Status.IN_REVIEW, editor, note="New figures.")
    assert can_edit_claim(editor, claim)


def test_someone_who_may_not_move_claims_hears_that_before_any_version_talk(reporter, editor):
    claim = move(claim_in(Status.UNVERIFIED), Status.IN_REVIEW, editor)
    with pytest.raises(PermissionDenied):
        transition_claim(
            claim=claim, to_status=Status.UNVERIFIED, actor=reporter, expected_version=1
        )
