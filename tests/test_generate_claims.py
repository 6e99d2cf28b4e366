from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from factcheck.models import Claim, EvidenceStance, Status, StatusChange
from factcheck.queue import selectors as queries
from factcheck.workflow.transitions import find_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    out = StringIO()
    call_command("generate_claims", "400", "--batch-size", "150", "--seed", "7", stdout=out)
    return out.getvalue()


def test_reports_rows_per_second(generated):
    assert "Done: 400 claims" in generated
    assert "claims/s" in generated
    assert "rows/s" in generated
    assert Claim.objects.count() == 400


def test_data_is_varied(generated):
    assert Claim.objects.values("claimant").distinct().count() > 30
    assert set(Claim.objects.values_list("status", flat=True)) == set(Status.values)
    assert Claim.objects.filter(value__isnull=True).exists()
    assert Claim.objects.filter(value_high__isnull=False).exists()
    assert Claim.objects.filter(assigned_to__isnull=True).exists()
    assert len(set(Claim.objects.values_list("created_at__date", flat=True))) > 100


def test_history_is_what_the_workflow_could_have_written(generated):
    now = timezone.now()
    for claim in Claim.objects.prefetch_related("status_changes", "evidence"):
        history = sorted(claim.status_changes.all(), key=lambda change: change.changed_at)
        assert claim.version == 1 + len(history)
        previous, reviewer = Status.UNVERIFIED, None
        for change in history:
            transition = find_transition(change.from_status, change.to_status)
            assert change.from_status == previous and transition is not None
            assert claim.created_at <= change.changed_at <= now
            if transition.note_required:
                assert change.note
            if change.to_status == Status.IN_REVIEW:
                reviewer = change.actor_id
            if change.to_status == Status.CONFIRMED:
                assert change.actor_id != reviewer  # a second editor confirms
            previous = change.to_status
        assert claim.status == previous
        stances = {evidence.stance for evidence in claim.evidence.all()}
        if Status.CONFIRMED in {c.to_status for c in history}:
            assert claim.methodology_notes and EvidenceStance.SUPPORTS in stances
        if claim.status == Status.REFUTED:
            assert EvidenceStance.CONTRADICTS in stances
        if history:
            assert claim.updated_at == history[-1].changed_at


def test_stored_counts_match_after_generating(generated):
    assert queries.stored_status_counts() == queries.status_counts(Claim.objects.all())


def test_runs_again_without_duplicating_claimants_or_users(generated):
    call_command("generate_claims", "10", stdout=StringIO())
    assert Claim.objects.count() == 410
    assert StatusChange.objects.exists()


@pytest.mark.parametrize("args", [["0"], ["5", "--batch-size", "0"]])
def test_refuses_nonsense(args):
    with pytest.raises(CommandError):
        call_command("generate_claims", *args, stdout=StringIO())
