"""The claim form: bad input gets a message next to the field, and nothing is saved."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from factcheck.claims.forms import ClaimForm
from factcheck.claims.validation import latest_date
from factcheck.models import Claim, Claimant
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "statement": "More than 2,000 civilians have died.",
        "claimant": ClaimantFactory(name="Government of Ukraine").pk,
        "new_claimant_kind": "other",
        "qualifier": "more_than",
        "value": "2000",
        "counted": "civilians killed",
        "place": "Ukraine",
        "as_of": "2022-03-02",
        **overrides,
    }


def test_valid_form():
    form = ClaimForm(data=form_data())
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"statement": ""}, "statement", "This field is required"),
        ({"claimant": ""}, "claimant", "Say who made the claim"),
        ({"new_claimant_name": "Someone"}, "new_claimant_name", "not both"),
        ({"value": "lots"}, "value", "is not a number"),
        ({"qualifier": ""}, "qualifier", "Say how the figure was put"),
        ({"counted": ""}, "counted", "Say what the figure counts"),
        ({"value_high": "10"}, "value_high", "cannot be below the value"),
        ({"value": "", "qualifier": "at_least"}, "qualifier", "Enter a value first"),
        ({"as_of": "2022-13-45"}, "as_of", "is not a date in the form YYYY-MM-DD"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "http:// or https://"),
        ({"claimant": "99999"}, "claimant", "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_its_field(overrides, field, message):
    form = ClaimForm(data=form_data(**overrides))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_form_without_figure_is_valid():
    form = ClaimForm(
        data=form_data(
            value="",
            qualifier="",
            counted="",
            place="",
            as_of="",
            statement="Mariupol is encircled.",
        )
    )
    assert form.is_valid(), form.errors


def test_bad_post_saves_nothing(client_for, reporter):
    response = client_for(reporter).post(
        "/claims/new/", form_data(value_high="1", new_claimant_name="", claimant="")
    )
    assert response.status_code == 200
    assert "Say who made the claim" in response.content.decode()
    assert not Claim.objects.exists()
    assert Claimant.objects.count() == 1


@pytest.fixture
def today(monkeypatch):
    """Today is 25 November 2026, so the latest date accepted is 25 November 2027."""
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 25))


@pytest.mark.parametrize("field", ["as_of", "source_date"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2027-11-26"])
def test_implausible_dates_are_refused_next_to_their_field(field, day, today):
    form = ClaimForm(data=form_data(**{field: day}))
    assert not form.is_valid()
    assert (
        f"Enter a date between 1 January 1900 and 25 November 2027; {day} looks like a typo."
        in form.errors[field]
    )


@pytest.mark.parametrize("day", ["1900-01-01", "2027-11-25"])
def test_dates_at_the_ends_of_the_plausible_range_are_accepted(day, today):
    form = ClaimForm(data=form_data(as_of=day, source_date=day))
    assert form.is_valid(), form.errors


def test_a_year_from_the_29th_of_february_is_the_28th(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2028, 2, 29))
    assert latest_date() == date(2029, 2, 28)


def test_an_old_date_already_stored_may_be_kept_when_editing():
    claim = ClaimFactory(as_of=date(1850, 6, 1))
    kept = ClaimForm(data=form_data(as_of="1850-06-01"), instance=claim)
    assert kept.is_valid(), kept.errors
    changed = ClaimForm(data=form_data(as_of="1850-06-02"), instance=claim)
    assert not changed.is_valid()
    assert "looks like a typo" in " ".join(changed.errors["as_of"])


# --- Figures and dates by the one rule of claims.validation (issue 12) -------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1,000,000", Decimal(1000000)), ("2 000", Decimal(2000)), ("2\u202f000", Decimal(2000)),
     ("1,234.5", Decimal("1234.5")), ("٢٠٠٠", Decimal(2000))],
)  # fmt: skip
def test_the_form_reads_grouped_and_other_script_figures(typed, stored):
    form = ClaimForm(data=form_data(value=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1.500", "could be 1.5 or 1500"), ("12.000", "could be 12 or 12000"),
     ("2,5", "Write 2.5"), ("1,500–2,000", "is a range"), ("1500-2000", "is a range")],
)  # fmt: skip
def test_a_figure_that_could_be_misread_gets_one_message_and_no_follow_on(typed, message):
    """Before: "Enter a number." plus "Enter a value first" on qualifier and counted."""
    form = ClaimForm(data=form_data(value=typed))
    assert not form.is_valid()
    assert list(form.errors) == ["value"]
    (error,) = form.errors["value"]
    assert message in error and f"“{typed}”" in error


def test_the_value_field_is_typed_as_text_so_grouped_figures_reach_the_server():
    html = str(ClaimForm()["value"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_the_form_takes_dates_as_iso_8601_only():
    form = ClaimForm(data=form_data(as_of="3/2/2022"))
    assert not form.is_valid()
    assert form.errors["as_of"] == [
        "“3/2/2022” is not a date in the form YYYY-MM-DD (ISO 8601); write 2 March 2022 as "
        "2022-03-02."
    ]


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://example.org/x"])
def test_the_published_fact_check_takes_web_addresses_only(address):
    form = ClaimForm(data=form_data(published_url=address))
    assert not form.is_valid()
    assert "http:// or https://" in " ".join(form.errors["published_url"])
