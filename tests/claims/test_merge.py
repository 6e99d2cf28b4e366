"""Saving an edit made on an older version: a three-way merge against the version the editor
opened. Fields only one side changed are kept; only fields both changed are conflicts; a save
never reverts a field the saver did not touch."""

from decimal import Decimal

import pytest

from factcheck.claims import services
from factcheck.claims.merge import THEIRS, YOURS, merge, opened_state, read_opened, save_edit
from factcheck.claims.validation import EDITABLE_FIELDS
from factcheck.errors import ClaimLockedError
from factcheck.models import Claim, Status
from tests.factories import give_verdict

pytestmark = pytest.mark.django_db


def form_values(claim, **changes):
    """What an edit form posts, cleaned: every editable field, some of them changed."""
    return {**{name: getattr(claim, name) for name in EDITABLE_FIELDS}, **changes}


def opened(claim):
    return read_opened(opened_state(claim))["values"]


def test_the_issues_scenario_both_changes_survive(editor, editor2, claim):
    # A and B open version 1; A changes the value and saves; B changes only the place.
    seen_by_b = opened(claim)
    b_values = form_values(claim, place="Kherson city")
    services.update_claim(
        claim=claim, actor=editor, data={"value": Decimal("12500")}, expected_version=1
    )
    outcome = save_edit(
        claim=claim, actor=editor2, yours=b_values, opened=seen_by_b, opened_version=1
    )
    assert outcome.merged.conflicts == []
    assert outcome.merged.kept_theirs == ["value"]
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.value, saved.place, saved.version) == (Decimal("12500"), "Kherson city", 3)
    assert [(c.field, c.actor.username) for c in saved.changes.order_by("id")] == [
        ("value", "editor"),
        ("place", "editor2"),
    ]


def test_fields_both_changed_differently_are_conflicts_and_nothing_is_saved(editor, editor2, claim):
    seen = opened(claim)
    services.update_claim(
        claim=claim, actor=editor, data={"value": Decimal("12500")}, expected_version=1
    )
    mine = form_values(claim, value=Decimal("12700"), place="Kherson city")
    outcome = save_edit(claim=claim, actor=editor2, yours=mine, opened=seen, opened_version=1)
    [conflict] = outcome.merged.conflicts
    assert (conflict.field, conflict.opened, conflict.theirs, conflict.yours) == (
        "value",
        "227",
        "12500",
        "12700",
    )
    assert outcome.merged.changes == {"place": "Kherson city"}
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.value, saved.place, saved.version) == (Decimal("12500"), "Ukraine", 2)


@pytest.mark.parametrize(("choice", "value"), [(THEIRS, "12500"), (YOURS, "12700")])
def test_the_saver_chooses_per_field(editor, editor2, claim, choice, value):
    seen = opened(claim)
    services.update_claim(
        claim=claim, actor=editor, data={"value": Decimal("12500")}, expected_version=1
    )
    mine = form_values(claim, value=Decimal("12700"), place="Kherson city")
    save_edit(
        claim=claim,
        actor=editor2,
        yours=mine,
        opened=seen,
        opened_version=1,
        resolutions={"value": choice},
    )
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.value, saved.place) == (Decimal(value), "Kherson city")


def test_the_same_change_on_both_sides_is_no_conflict(editor, editor2, claim):
    seen = opened(claim)
    services.update_claim(claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=1)
    outcome = save_edit(
        claim=claim,
        actor=editor2,
        yours=form_values(claim, place="Kyiv"),
        opened=seen,
        opened_version=1,
    )
    assert outcome.merged.conflicts == [] and outcome.merged.changes == {}
    assert Claim.objects.get(pk=claim.pk).version == 2  # nothing left to write


def test_numbers_compare_by_value_not_by_how_they_are_written(claim):
    seen = opened(claim)
    merged = merge(opened=seen, yours=form_values(claim, value=Decimal("227.0000")), theirs=claim)
    assert merged.changes == {} and merged.conflicts == []


def test_without_the_opened_values_every_difference_on_a_stale_save_is_asked(
    editor, editor2, claim
):
    services.update_claim(claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=1)
    outcome = save_edit(
        claim=claim,
        actor=editor2,
        yours=form_values(claim, methodology_notes="Checked."),
        opened=None,
        opened_version=1,
    )
    assert {c.field for c in outcome.merged.conflicts} == {"place", "methodology_notes"}
    assert Claim.objects.get(pk=claim.pk).methodology_notes == ""


def test_without_the_opened_values_a_fresh_save_writes_what_differs(editor, claim):
    outcome = save_edit(
        claim=claim,
        actor=editor,
        yours=form_values(claim, place="Kyiv"),
        opened=None,
        opened_version=claim.version,
    )
    assert outcome.merged.changes == {"place": "Kyiv"}
    assert Claim.objects.get(pk=claim.pk).place == "Kyiv"


def test_a_damaged_opened_state_is_not_trusted(claim):
    token = opened_state(claim)
    assert read_opened(token[:-3] + "abc") is None
    assert read_opened("") is None
    assert read_opened(token)["version"] == claim.version


def test_a_claim_given_a_verdict_meanwhile_is_still_locked(editor, editor2, claim):
    seen = opened(claim)
    give_verdict(claim, Status.CONFIRMED, editor)
    with pytest.raises(ClaimLockedError):
        save_edit(
            claim=claim,
            actor=editor2,
            yours=form_values(claim, place="Kyiv"),
            opened=seen,
            opened_version=1,
        )
