"""Claim values as text in, cleaned values or problems out: the rules the form, the importer
and later entry points share."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.claims.validation import claimant_problems, clean_claim_values, figure_problems


def test_text_values_are_cleaned_as_the_form_cleans_them():
    cleaned, problems = clean_claim_values(
        {
            "statement": "  At least 227 civilians have been killed. ",
            "value": "227",
            "qualifier": "at_least",
            "counted": "civilians killed",
            "as_of": "2022-03-01",
            "source_url": "example.org/report",
        }
    )
    assert problems == []
    assert cleaned["statement"] == "At least 227 civilians have been killed."
    assert cleaned["value"] == Decimal("227")
    assert cleaned["as_of"] == date(2022, 3, 1)
    assert cleaned["source_url"] == "https://example.org/report"


def test_each_problem_names_its_field_and_code():
    _, problems = clean_claim_values(
        {"statement": "x", "value": "12", "qualifier": "", "counted": "", "as_of": "9999-01-01"}
    )
    assert {(p.field, p.code) for p in problems} == {
        ("as_of", "implausible_date"),
        ("qualifier", "qualifier_required"),
        ("counted", "counted_required"),
    }


def test_the_figure_rule_without_a_value():
    problems = figure_problems({"value": None, "counted": "people", "unit": ""})
    assert [(p.field, p.code) for p in problems] == [("counted", "needs_value")]


def test_a_claim_names_exactly_one_claimant():
    assert [p.code for p in claimant_problems(None, "  ")] == ["claimant_required"]
    assert [p.code for p in claimant_problems(object(), "UNHCR")] == ["claimant_twice"]
    assert claimant_problems(None, "UNHCR") == []


@pytest.mark.parametrize("name", ["\x87", "…", "--", "\u200b"])
def test_a_new_claimant_needs_a_letter_or_digit_in_their_name(name):
    assert [p.code for p in claimant_problems(None, name)] == ["claimant_name_unreadable"]


@pytest.mark.parametrize("name", ["UN", "Міністерство", "G7", "衛生部"])
def test_names_in_any_script_are_readable(name):
    assert claimant_problems(None, name) == []
