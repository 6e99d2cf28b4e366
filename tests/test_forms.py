"""The claim form: bad input gets a message next to the field, and nothing is saved."""

import pytest

from factcheck.forms import ClaimForm
from factcheck.models import Claim, Claimant
from tests.factories import ClaimantFactory

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
        ({"value": "lots"}, "value", "Enter a number"),
        ({"qualifier": ""}, "qualifier", "Say how the figure was put"),
        ({"counted": ""}, "counted", "Say what the figure counts"),
        ({"value_high": "10"}, "value_high", "cannot be below the value"),
        ({"value": "", "qualifier": "at_least"}, "qualifier", "Enter a value first"),
        ({"as_of": "2022-13-45"}, "as_of", "Enter a valid date"),
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
