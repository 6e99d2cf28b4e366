from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from factcheck.models import Claim, Claimant, Qualifier, Status, StatusWriteRefused
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def assert_database_refuses(claim):
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def unsaved_claim(**fields):
    return ClaimFactory.build(claimant=ClaimantFactory(), created_by=None, **fields)


def test_new_claim_is_unverified_at_version_one():
    claim = ClaimFactory()
    assert claim.status == Status.UNVERIFIED
    assert claim.version == 1
    assert not claim.is_final


def test_upper_value_below_value_is_refused_by_the_database():
    assert_database_refuses(unsaved_claim(value=Decimal(10), value_high=Decimal(5)))


def test_value_needs_a_qualifier():
    assert_database_refuses(unsaved_claim(qualifier=""))


def test_qualifier_needs_a_value():
    assert_database_refuses(unsaved_claim(value=None, counted=""))


def test_value_needs_to_say_what_it_counts():
    assert_database_refuses(unsaved_claim(counted=""))


def test_unknown_status_is_refused_by_the_database():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status="done")


def test_saving_a_changed_status_is_refused_outside_the_workflow():
    claim = ClaimFactory()
    claim.status = Status.CONFIRMED
    with pytest.raises(StatusWriteRefused):
        claim.save()
    with pytest.raises(StatusWriteRefused):
        ClaimFactory(status=Status.CONFIRMED)
    claim.refresh_from_db()
    assert claim.status == Status.UNVERIFIED


def test_claim_without_figure_is_fine():
    claim = ClaimFactory(value=None, qualifier="", counted="", statement="Mariupol is encircled.")
    assert not claim.has_figure
    assert claim.figure_text == ""


def test_range_is_fine():
    claim = ClaimFactory(
        value=Decimal(1000), value_high=Decimal(2000), qualifier=Qualifier.APPROXIMATELY
    )
    assert claim.figure_text.startswith("about 1,000–2,000")


def test_claimants_are_unique_by_name_and_have_a_natural_key():
    ClaimantFactory(name="Government of Ukraine")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claimant.objects.create(name="Government of Ukraine")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claimant.objects.create(name="GOVERNMENT OF UKRAINE")
    assert Claimant.objects.get_by_natural_key("Government of Ukraine").natural_key() == (
        "Government of Ukraine",
    )


def test_final_statuses_are_locked():
    for status in Status:
        claim = Claim(status=status)
        assert claim.is_final == (status not in (Status.UNVERIFIED, Status.IN_REVIEW))
