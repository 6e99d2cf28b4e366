import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from factcheck.models import Claim, Status
from factcheck.tracker import series_export
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quantity():
    quantity = TrackedQuantityFactory(name="Civilians killed in Ukraine since 24 Feb 2022")
    confirmed = ClaimFactory(
        quantity=quantity,
        claimant=ClaimantFactory(name="UN human rights office (OHCHR)"),
        value=Decimal("227.0000"),
        as_of=date(2022, 3, 1),
        source_date=date(2022, 3, 2),
    )
    Claim.objects.filter(pk=confirmed.pk).update(status=Status.CONFIRMED)
    ClaimFactory(
        quantity=quantity,
        claimant=ClaimantFactory(name='=HYPERLINK("http://evil")'),
        statement="-2000 or more",
        value=Decimal(2000),
        value_high=Decimal("3000.5"),
        qualifier="more_than",
        as_of=date(2022, 3, 2),
    )
    ClaimFactory(value=Decimal(1))  # another quantity's: not exported
    return quantity


def claims_of(quantity):
    return list(quantity.claims.select_related("claimant").order_by("as_of"))


def test_csv_numbers_plain_dates_iso_formulas_neutralised(quantity):
    rows = list(csv.DictReader(io.StringIO(series_export.to_csv(quantity, claims_of(quantity)))))
    assert [r["value"] for r in rows] == ["227", "2000"]
    assert rows[1]["value_high"] == "3000.5"
    assert [r["as_of"] for r in rows] == ["2022-03-01", "2022-03-02"]
    assert rows[0]["source_date"] == "2022-03-02"
    assert [r["confirmed"] for r in rows] == ["true", "false"]
    assert rows[1]["claimant"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["statement"] == "'-2000 or more"
    assert rows[0]["quantity"] == quantity.name
    assert rows[0]["url"].endswith(f"/claims/{rows[0]['claim_id']}/")


def test_json_has_the_quantity_and_exact_values(quantity):
    document = json.loads(series_export.to_json(quantity, claims_of(quantity)))
    assert document["quantity"]["name"] == quantity.name
    first, second = document["figures"]
    assert (first["value"], first["value_high"], first["confirmed"]) == (227, None, True)
    assert (second["value_high"], second["qualifier"]) == (3000.5, "more_than")
    assert second["claimant"] == '=HYPERLINK("http://evil")'  # JSON is data, not a sheet
    assert first["as_of"] == "2022-03-01" and isinstance(first["claim_id"], int)
    assert document["count"] == 2  # as in the figures export: the rows actually written


def test_json_values_keep_every_digit_even_beyond_float_precision(quantity):
    # The figures export's convention: a JSON number, exact, never text. (Set in memory:
    # SQLite itself keeps decimals as floats.)
    claims = claims_of(quantity)
    claims[1].value = Decimal("1234567890123.4567")
    text = series_export.to_json(quantity, claims)
    assert '"value": 1234567890123.4567,' in text
    second = json.loads(text, parse_float=Decimal)["figures"][1]
    assert second["value"] == Decimal("1234567890123.4567")
