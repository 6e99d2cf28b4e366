"""Figure agreement under qualifiers: factcheck.matching.intervals."""

from decimal import Decimal

import pytest

from factcheck.matching.intervals import (
    Figure,
    Interval,
    bounds_agree,
    compare_figures,
    precision,
)
from factcheck.models import Qualifier


def fig(value, qualifier="exact", high=None):
    return Figure(Decimal(value), None if high is None else Decimal(high), qualifier)


def agree(a, b):
    return compare_figures(a, b).agrees


def test_qualifier_codes_are_the_models():
    from factcheck.matching.intervals import QUALIFIERS

    assert set(QUALIFIERS) == set(Qualifier.values)


@pytest.mark.parametrize(
    ("figure", "interval"),
    [
        (fig(227), Interval(Decimal(227), Decimal(227))),
        (fig(200, high=300), Interval(Decimal(200), Decimal(300))),
        (fig(1000, "approximately"), Interval(Decimal(900), Decimal(1100))),
        (fig(227, "at_least"), Interval(Decimal(227), None)),
        (fig(2000, "more_than"), Interval(Decimal(2000), None, lo_open=True)),
        (fig(500, "up_to"), Interval(Decimal(0), Decimal(500))),
        (fig(500, "fewer_than"), Interval(Decimal(0), Decimal(500), hi_open=True)),
        (fig(-3, "up_to"), Interval(None, Decimal(-3))),
    ],
)
def test_each_qualifier_reads_as_an_interval(figure, interval):
    assert figure.interval == interval


def test_open_ends_do_not_touch():
    assert not fig(2000, "more_than").interval.overlaps(fig(2000).interval)
    assert fig(2000, "at_least").interval.overlaps(fig(2000).interval)
    assert not fig(500, "fewer_than").interval.overlaps(fig(500).interval)


@pytest.mark.parametrize(
    ("number", "unit"),
    [(2000, 1000), (227, 1), (Decimal("1.25"), Decimal("0.01")), (1_200_000, 100_000), (0, 1)],
)
def test_precision_is_the_last_significant_digit(number, unit):
    assert precision(Decimal(number)) == Decimal(unit)


def test_bounds_agree_when_one_rounds_the_other():
    assert bounds_agree(Decimal(2000), Decimal(2100))  # to the thousand, 5 % apart
    assert bounds_agree(Decimal(200), Decimal(227))
    assert bounds_agree(Decimal(1_000_000), Decimal(1_011_000))
    assert not bounds_agree(Decimal(227), Decimal(228))  # same precision: another count
    assert not bounds_agree(Decimal(2000), Decimal(2900))  # 31 % apart: nobody rounds so
    assert not bounds_agree(Decimal(227), Decimal(2000))


def test_the_issues_examples():
    # "more than 2,000" and "2,100" can agree.
    assert agree(fig(2000, "more_than"), fig(2100))
    # "at least 227" and "more than 2,000" cannot be the same figure, though they overlap.
    assert fig(227, "at_least").interval.overlaps(fig(2000, "more_than").interval)
    assert not agree(fig(227, "at_least"), fig(2000, "more_than"))


def test_lower_bounds_reworded():
    assert agree(fig(227, "at_least"), fig(227, "more_than"))
    assert agree(fig(227, "at_least"), fig(200, "more_than"))  # rounded down
    assert agree(fig(1_000_000, "more_than"), fig(1_011_000))
    assert not agree(fig(2000, "more_than"), fig(2000))  # no value is both
    assert not agree(fig(2000, "more_than"), fig(1900))


def test_upper_bounds():
    assert agree(fig(500, "up_to"), fig(500, "fewer_than"))
    assert agree(fig(500, "up_to"), fig(500))
    assert agree(fig(500, "fewer_than"), fig(470, "approximately"))
    assert not agree(fig(500, "fewer_than"), fig(600))


def test_approximately_has_a_ten_percent_tolerance():
    assert agree(fig(1000, "approximately"), fig(1080))
    assert agree(fig(2_500_000, "approximately"), fig(2_600_000))  # same precision, within 10 %
    assert not agree(fig(1000, "approximately"), fig(1150))
    assert agree(fig(10, "approximately"), fig("10.1"))


def test_ranges():
    assert agree(fig(200, high=300), fig(200, high=300))
    assert agree(fig(200, high=300), fig(300, "up_to"))  # the top of the range
    assert agree(fig(200, high=300), fig(200, "at_least"))  # the bottom of the range
    assert not agree(fig(200, high=300), fig(250))  # a point inside is not the range
    assert not agree(fig(200, high=300), fig(100, high=150))
    assert agree(fig(3, high="3.5"), fig("3.5", "up_to"))


def test_bounds_facing_each_other_agree_only_when_close():
    assert agree(fig(45000, "more_than"), fig(46000, "fewer_than"))
    assert not agree(fig(200, "at_least"), fig(300, "up_to"))
    assert not agree(fig(500, "more_than"), fig(400, "fewer_than"))  # no overlap


def test_identical_figures_are_closest():
    assert compare_figures(fig(227, "at_least"), fig("227.0000", "at_least")).closeness == 1.0
    reworded = compare_figures(fig(2000, "more_than"), fig(2100)).closeness
    assert 0.5 < reworded < 1.0


def test_figure_refuses_bad_input():
    with pytest.raises(ValueError):
        fig(1, "nearly")
    with pytest.raises(ValueError):
        fig(300, high=200)
