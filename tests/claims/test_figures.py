from datetime import date
from decimal import Decimal

import pytest

from factcheck.claims.figures import describe, format_number, plain_number
from factcheck.models import Claim, Qualifier


def figure(**fields):
    return Claim(**{"qualifier": Qualifier.EXACT, **fields})


def test_reads_like_the_news():
    claim = figure(
        value=Decimal("1000000"),
        qualifier=Qualifier.MORE_THAN,
        counted="refugees",
        place="Ukraine",
        as_of=date(2022, 3, 2),
    )
    assert describe(claim) == "more than 1,000,000 refugees (Ukraine, as of 2 Mar 2022)"


@pytest.mark.parametrize(
    ("qualifier", "words"),
    [
        (Qualifier.EXACT, "227 civilians killed"),
        (Qualifier.APPROXIMATELY, "about 227 civilians killed"),
        (Qualifier.AT_LEAST, "at least 227 civilians killed"),
        (Qualifier.MORE_THAN, "more than 227 civilians killed"),
        (Qualifier.UP_TO, "up to 227 civilians killed"),
        (Qualifier.FEWER_THAN, "fewer than 227 civilians killed"),
    ],
)
def test_each_qualifier_has_its_words(qualifier, words):
    assert (
        describe(figure(value=Decimal(227), qualifier=qualifier, counted="civilians killed"))
        == words
    )


def test_range_and_percent():
    claim = figure(
        value=Decimal("1.5"), value_high=Decimal("2"), unit="%", counted="of the population"
    )
    assert describe(claim) == "1.5–2% of the population"


def test_claim_without_figure_reads_as_nothing():
    assert describe(Claim(statement="Mariupol is encircled.")) == ""


@pytest.mark.parametrize(
    ("value", "shown", "plain"),
    [
        (Decimal("1000000.0000"), "1,000,000", "1000000"),
        (Decimal("1.5000"), "1.5", "1.5"),
        (Decimal("0.0250"), "0.025", "0.025"),
        (Decimal("12345678.9"), "12,345,678.9", "12345678.9"),
    ],
)
def test_numbers_never_scientific(value, shown, plain):
    assert format_number(value) == shown
    assert plain_number(value) == plain
