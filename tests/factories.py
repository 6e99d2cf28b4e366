"""Factories for test data: one call gives a valid object, keyword arguments say what matters."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from factcheck.models import (
    Claim,
    Claimant,
    ClaimantKind,
    Evidence,
    EvidenceStance,
    Qualifier,
    TrackedQuantity,
)
from factcheck.roles import add_to_role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            add_to_role(user, extracted)


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Claimant {n}")
    kind = ClaimantKind.GOVERNMENT


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim with a figure, unverified."""

    class Meta:
        model = Claim

    statement = factory.Sequence(lambda n: f"At least {n + 10} civilians have been killed.")
    claimant = factory.SubFactory(ClaimantFactory)
    value = Decimal("227")
    qualifier = Qualifier.AT_LEAST
    counted = "civilians killed"
    place = "Ukraine"
    as_of = date(2022, 3, 1)
    created_by = factory.SubFactory(UserFactory)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    url = "https://www.ohchr.org/en/news/2022/03/ukraine-civilian-casualty-update"
    title = "OHCHR casualty update"
    stance = EvidenceStance.SUPPORTS


class TrackedQuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedQuantity
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Civilians killed in place {n}")
    counted = "civilians killed"
    place = "Ukraine"


def give_verdict(claim, status, actor, at=None):
    """Set a claim's status with its audit row, as the workflow would, without its guards
    (for export and query tests that need many claims with verdicts)."""
    from django.utils import timezone

    from factcheck.models import Claim, StatusChange

    at = at or timezone.now()
    StatusChange.objects.create(
        claim=claim, from_status=claim.status, to_status=status, actor=actor, changed_at=at
    )
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    return claim
