from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import permissions
from factcheck.claims import assignment, services
from factcheck.errors import ClaimLockedError, StaleClaimError
from factcheck.models import Claim, Claimant, ClaimantKind, EvidenceStance, Status
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


def claim_data(**overrides):
    return {
        "statement": "At least 227 civilians have been killed.",
        "claimant": ClaimantFactory(name="UN human rights office (OHCHR)"),
        "value": Decimal(227),
        "value_high": None,
        "qualifier": "at_least",
        "unit": "",
        "counted": "civilians killed",
        "place": "Ukraine",
        "as_of": None,
        "methodology_notes": "",
        "source_url": "",
        "source_title": "",
        "source_date": None,
        **overrides,
    }


def test_reporter_creates_an_unverified_claim(reporter):
    claim = services.create_claim(actor=reporter, data=claim_data())
    assert claim.status == Status.UNVERIFIED
    assert claim.created_by == reporter
    assert claim.version == 1


def test_viewer_cannot_create(viewer):
    with pytest.raises(PermissionDenied):
        services.create_claim(actor=viewer, data=claim_data())
    assert not Claim.objects.exists()


def test_new_claimant_is_matched_by_name_before_being_created(reporter):
    ClaimantFactory(name="Government of Ukraine")
    claim = services.create_claim(
        actor=reporter,
        data=claim_data(claimant=None),
        new_claimant={"name": "  government of   Ukraine ", "kind": ClaimantKind.OTHER},
    )
    assert claim.claimant.name == "Government of Ukraine"
    assert Claimant.objects.filter(name__iexact="government of ukraine").count() == 1


def test_invalid_claim_writes_nothing_not_even_its_new_claimant(reporter):
    with pytest.raises(ValidationError):
        services.create_claim(
            actor=reporter,
            data=claim_data(claimant=None, value_high=Decimal(1)),
            new_claimant={"name": "Brand new claimant", "kind": ClaimantKind.NGO},
        )
    assert not Claim.objects.exists()
    assert not Claimant.objects.filter(name="Brand new claimant").exists()


def test_editor_updates_and_version_goes_up(editor, claim):
    updated = services.update_claim(
        claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=claim.version
    )
    assert updated.place == "Kyiv"
    assert updated.version == claim.version + 1
    assert updated.updated_by == editor


def test_stale_update_is_refused_and_names_who_changed_it(editor, editor2, claim):
    services.update_claim(claim=claim, actor=editor, data={"place": "Kyiv"}, expected_version=1)
    with pytest.raises(StaleClaimError) as refusal:
        services.update_claim(
            claim=claim, actor=editor2, data={"place": "Lviv"}, expected_version=1
        )
    assert "editor changed this claim" in str(refusal.value)
    assert "edited its content" in str(refusal.value)
    claim.refresh_from_db()
    assert claim.place == "Kyiv"


def test_reporter_edits_own_claim_only_while_unverified(reporter, claim):
    assert permissions.can_edit_claim(reporter, claim)
    other = ClaimFactory()
    assert not permissions.can_edit_claim(reporter, other)
    with pytest.raises(PermissionDenied):
        services.update_claim(claim=other, actor=reporter, data={"place": "X"}, expected_version=1)
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    claim.refresh_from_db()
    assert not permissions.can_edit_claim(reporter, claim)


@pytest.mark.parametrize(
    "status", [Status.CONFIRMED, Status.DISPUTED, Status.UNVERIFIABLE, Status.REFUTED]
)
def test_final_claims_are_locked_for_everyone(status, editor, superuser, claim):
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    for user in (editor, superuser):
        assert not permissions.can_edit_claim(user, claim)
        with pytest.raises(ClaimLockedError):
            services.update_claim(
                claim=claim, actor=user, data={"place": "X"}, expected_version=claim.version
            )
    claim.refresh_from_db()
    assert claim.place == "Ukraine"


def test_add_evidence(reporter, viewer, claim):
    evidence = services.add_evidence(
        claim=claim, actor=reporter, url="https://example.org/a", stance=EvidenceStance.SUPPORTS
    )
    assert evidence.added_by == reporter
    with pytest.raises(PermissionDenied):
        services.add_evidence(
            claim=claim, actor=viewer, url="https://example.org/b", stance="supports"
        )
    assert claim.evidence.count() == 1


def test_evidence_never_lands_on_a_claim_given_a_verdict_since_it_was_loaded(reporter, editor):
    opened = ClaimFactory(created_by=reporter)  # the reporter's copy: still unverified
    Claim.objects.filter(pk=opened.pk).update(status=Status.CONFIRMED)  # meanwhile, a verdict
    with pytest.raises(ClaimLockedError):
        services.add_evidence(
            claim=opened, actor=reporter, url="https://example.org/late", stance="supports"
        )
    assert not opened.evidence.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi"])
def test_evidence_only_takes_web_links(url, reporter, claim):
    with pytest.raises(ValidationError):
        services.add_evidence(claim=claim, actor=reporter, url=url, stance=EvidenceStance.SUPPORTS)
    assert not claim.evidence.exists()


def test_claims_go_only_to_editors_and_reporters(editor, editor2, reporter, viewer, claim):
    assignment.assign_claim(claim=claim, assignee=reporter, actor=editor)
    with pytest.raises(ValidationError, match="only active editors and reporters"):
        assignment.assign_claim(claim=claim, assignee=viewer, actor=editor)
    claim.refresh_from_db()
    assert claim.assigned_to == reporter
    assert set(assignment.assignable_users()) == {editor, editor2, reporter}


@pytest.fixture
def filed(claim):
    """The claim, a count, filed under a tracked quantity counted in people."""
    quantity = TrackedQuantityFactory(name="Refugees from Ukraine", unit="")
    Claim.objects.filter(pk=claim.pk).update(quantity=quantity, unit="", value=Decimal(10))
    claim.refresh_from_db()
    return claim


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"unit": "%"}, "unit", "counted in a count: detach it first or keep the unit."),
        ({"value": None, "qualifier": "", "counted": ""}, "value",
         "which tracks a figure: detach it first or keep the figure."),
    ],
)  # fmt: skip
def test_an_edit_may_not_break_the_unit_rule_of_its_tracked_quantity(
    editor, filed, change, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.update_claim(
            claim=filed, actor=editor, data=claim_data(**change), expected_version=filed.version
        )
    assert refused.value.message_dict == {
        field: [f"This claim is filed under “Refugees from Ukraine”, {message}"]
    }
    fresh = Claim.objects.get(pk=filed.pk)
    assert (fresh.unit, fresh.value, fresh.version) == ("", Decimal(10), filed.version)


def test_an_edit_that_keeps_the_unit_is_saved(editor, filed):
    saved = services.update_claim(
        claim=filed, actor=editor, data=claim_data(value=Decimal(12)), expected_version=1
    )
    assert (saved.value, saved.quantity_id) == (12, filed.quantity_id)


def test_a_detached_claim_may_change_its_unit(editor, claim):
    saved = services.update_claim(
        claim=claim, actor=editor, data=claim_data(unit="%"), expected_version=claim.version
    )
    assert saved.unit == "%"
