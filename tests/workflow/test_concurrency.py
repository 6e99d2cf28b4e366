"""Twenty editors press the same button at the same moment: exactly one wins each step."""

import threading

import pytest
from django.db import close_old_connections, connection

from factcheck.errors import StaleClaimError
from factcheck.models import Claim, EvidenceStance, Status, StatusChange
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory

THREADS = 20
STEPS = [
    (Status.IN_REVIEW, ""),
    (Status.CONFIRMED, ""),
    (Status.IN_REVIEW, "Reopened: new figures."),
    (Status.DISPUTED, "Sources disagree."),
]


def race(claim_id, version, to_status, note, editors):
    """Run one transition from every editor at once; return the outcomes."""
    barrier = threading.Barrier(len(editors))
    outcomes = []
    lock = threading.Lock()

    def attempt(editor):
        try:
            claim = Claim.objects.get(pk=claim_id)
            barrier.wait()
            transition_claim(
                claim=claim, to_status=to_status, actor=editor, note=note, expected_version=version
            )
            result = "moved"
        except StaleClaimError:
            result = "stale"
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            result = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_one_winner_per_step(on_postgres):
    editors = [UserFactory(username=f"racer{n}", role="Editor") for n in range(THREADS)]
    claim = ClaimFactory(methodology_notes="Checked against OHCHR.")
    EvidenceFactory(claim=claim, stance=EvidenceStance.SUPPORTS)

    for step, (to_status, note) in enumerate(STEPS, start=1):
        outcomes = race(claim.pk, step, to_status, note, editors)
        assert sorted(outcomes) == ["moved"] + ["stale"] * (THREADS - 1), outcomes
        claim.refresh_from_db()
        assert (claim.status, claim.version) == (to_status, step + 1)

    history = list(StatusChange.objects.filter(claim=claim).order_by("changed_at", "id"))
    assert [change.to_status for change in history] == [to for to, _ in STEPS]
