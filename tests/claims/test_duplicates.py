"""The same claim (factcheck/claims/duplicates.py): `duplicate_ids`, the importer's batch
lookup, finds for each claim what `find_duplicate` finds for it alone."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.claims import duplicates
from factcheck.claims.duplicates import duplicate_ids, find_duplicate
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

ASKED = [
    # the same claim, written otherwise: case, quotes, white space, trailing zeros
    {"statement": "AT LEAST 10 CIVILIANS  have been killed.", "claimant_name": "ohchr",
     "value": Decimal("227.000"), "counted": "Civilians killed", "as_of": date(2022, 3, 1)},
    # another figure, another date, another claimant, another statement: none is the same
    {"statement": "At least 10 civilians have been killed.", "claimant_name": "OHCHR",
     "value": Decimal("228"), "counted": "civilians killed", "as_of": date(2022, 3, 1)},
    {"statement": "At least 10 civilians have been killed.", "claimant_name": "OHCHR",
     "value": Decimal("227"), "counted": "civilians killed", "as_of": date(2022, 3, 2)},
    {"statement": "At least 10 civilians have been killed.", "claimant_name": "Nobody known",
     "value": Decimal("227"), "counted": "civilians killed", "as_of": date(2022, 3, 1)},
    {"statement": "At least 10 civilians have been", "claimant_name": "OHCHR",
     "value": Decimal("227"), "counted": "civilians killed", "as_of": date(2022, 3, 1)},
    # no figure and no date: the same as the claim with neither
    {"statement": "Kyiv is surrounded.", "claimant_name": "OHCHR", "value": None,
     "counted": "", "as_of": None},
]  # fmt: skip


@pytest.fixture
def desk():
    ohchr = ClaimantFactory(name="OHCHR")
    first = ClaimFactory(statement="At least 10 civilians have been killed.", claimant=ohchr)
    ClaimFactory(statement="At least 10 civilians have been killed.", claimant=ohchr)  # later
    ClaimFactory(
        statement="Kyiv is surrounded.", claimant=ohchr, value=None, qualifier="", counted="",
        as_of=None,
    )  # fmt: skip
    return first


@pytest.mark.parametrize("batch", [1, 2, 200])
def test_the_batch_lookup_finds_what_the_single_lookup_finds(desk, monkeypatch, batch):
    monkeypatch.setattr(duplicates, "DUPLICATE_BATCH", batch)
    alone = [getattr(find_duplicate(**item), "pk", None) for item in ASKED]
    assert alone[0] == desk.pk and alone[5] is not None and alone[1:5] == [None] * 4
    assert duplicate_ids(ASKED) == alone
