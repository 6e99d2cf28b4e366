"""Numbers as people write them: factcheck.matching.numbers."""

from decimal import Decimal

import pytest

from factcheck.matching.numbers import digitise, parse_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2,000,000", 2_000_000),
        ("2 000 000", 2_000_000),
        ("2\u202f000\u202f000", 2_000_000),  # narrow no-break spaces
        ("two million", 2_000_000),
        ("Two Million", 2_000_000),
        ("1.2 million", 1_200_000),
        ("1.2m", 1_200_000),
        ("3.5bn", 3_500_000_000),
        ("3.5 billion", 3_500_000_000),
        ("2.1tn", 2_100_000_000_000),
        ("12k", 12_000),
        ("2.5 lakh", 250_000),
        ("a million", 1_000_000),
        ("half a million", 500_000),
        ("a quarter of a million", 250_000),
        ("two and a half million", 2_500_000),
        ("one hundred and twenty-seven", 127),
        ("two thousand", 2000),
        ("one", 1),
        ("10.1", Decimal("10.1")),
        (7, 7),
        (2.5, Decimal("2.5")),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "many", "200-300", "2 and 3", "at least 227", True])
def test_parse_number_refuses_what_is_not_one_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_digitise_writes_numbers_in_digits_inside_prose():
    assert digitise("More than two million refugees") == "more than 2000000 refugees"
    assert digitise("Losses of $3.5bn and 1,200 homes") == "losses of $3500000000 and 1200 homes"


def test_digitise_leaves_words_and_glued_numbers_alone():
    assert digitise("I was a member") == "i was a member"
    assert digitise("covid-19 deaths") == "covid-19 deaths"
    # "5 m" with a space is more often metres than millions.
    assert digitise("a 5 m wall") == "a 5 m wall"
