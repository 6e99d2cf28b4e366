from datetime import date
from decimal import Decimal

import pytest

from factcheck.models import Claim, Status
from factcheck.tracker import selectors as tracker
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


def set_status(claim, status):
    Claim.objects.filter(pk=claim.pk).update(status=status)


@pytest.fixture
def quantity():
    return TrackedQuantityFactory()


def test_one_series_per_claimant_of_dated_figures(quantity):
    un, ukraine = ClaimantFactory(name="OHCHR"), ClaimantFactory(name="Ukraine")
    ClaimFactory(quantity=quantity, claimant=un, as_of=date(2022, 3, 1))
    ClaimFactory(quantity=quantity, claimant=un, as_of=date(2022, 3, 6), value=Decimal(406))
    ClaimFactory(quantity=quantity, claimant=ukraine, as_of=None)  # cannot be placed in time
    ClaimFactory(claimant=ukraine, as_of=date(2022, 3, 2))  # another quantity's
    claims = tracker.quantity_claims(quantity)
    series = tracker.chart_series(claims)
    assert [(s.name, len(s.points)) for s in series] == [("OHCHR", 2)]
    description = tracker.chart_description(quantity, claims, series)
    assert description.startswith("2 figures from 1 claimant: OHCHR: at least 227")
    assert description.endswith("1 figure without an as-of date not shown.")


def test_confirmed_points_are_filled(quantity):
    confirmed = ClaimFactory(quantity=quantity)
    set_status(confirmed, Status.CONFIRMED)
    ClaimFactory(quantity=quantity, claimant=confirmed.claimant, as_of=date(2022, 3, 9))
    (series,) = tracker.chart_series(tracker.quantity_claims(quantity))
    assert [p.filled for p in series.points] == [True, False]


def test_status_counts_include_zeroes():
    claimant = ClaimantFactory()
    for status in (Status.REFUTED, Status.REFUTED, Status.CONFIRMED):
        set_status(ClaimFactory(claimant=claimant), status)
    counts = {status: n for status, _, n in tracker.claimant_status_counts(claimant)}
    assert counts[Status.REFUTED] == 2 and counts[Status.CONFIRMED] == 1
    assert counts[Status.DISPUTED] == 0 and len(counts) == len(Status)


def test_figures_are_set_against_the_count_confirmed_at_the_time(quantity):
    un, ukraine = ClaimantFactory(name="OHCHR"), ClaimantFactory(name="Ukraine")
    early = ClaimFactory(quantity=quantity, claimant=un, as_of=date(2022, 3, 1))
    late = ClaimFactory(quantity=quantity, claimant=un, as_of=date(2022, 3, 20), value=902)
    for claim in (early, late):
        set_status(claim, Status.CONFIRMED)
    ClaimFactory(
        quantity=quantity,
        claimant=ukraine,
        value=2000,
        qualifier="more_than",
        as_of=date(2022, 3, 2),
    )
    ClaimFactory(quantity=quantity, claimant=ukraine, value=100, as_of=date(2022, 2, 27))
    ClaimFactory(quantity=quantity, claimant=ukraine, value=3000, as_of=date(2022, 3, 25))
    ((tracked, latest, rows),) = tracker.figures_by_quantity(ukraine)
    assert tracked == quantity and latest.pk == late.pk
    assert [(r.confirmed_then and r.confirmed_then.pk, r.ratio) for r in rows] == [
        (None, ""),  # nothing confirmed yet on 27 Feb
        (early.pk, "more than 8.8 times the confirmed count"),
        (late.pk, "at least 3.3 times the confirmed count"),
    ]
    ((_, _, own),) = tracker.figures_by_quantity(un)
    assert [r.ratio for r in own] == ["the confirmed count itself"] * 2


def test_track_record_costs_the_same_queries_however_many_quantities():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ukraine = ClaimantFactory(name="Ukraine")

    def queries_for_record():
        with CaptureQueriesContext(connection) as captured:
            tracker.figures_by_quantity(ukraine)
        return len(captured)

    ClaimFactory(quantity=TrackedQuantityFactory(), claimant=ukraine)
    with_one = queries_for_record()
    for _ in range(3):
        ClaimFactory(quantity=TrackedQuantityFactory(), claimant=ukraine)
    assert queries_for_record() == with_one == 2
