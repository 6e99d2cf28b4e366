"""A tracked quantity's time series for machines: CSV and JSON.

Conventions shared with the figures export: numbers unformatted (`plain_number`), ISO dates,
and CSV text cells that a spreadsheet would run as a formula neutralised with a leading '.
"""

import csv
import io
import json
from decimal import Decimal

from django.conf import settings

from factcheck.figures import plain_number
from factcheck.models import Status

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "quantity",
    "claim_id",
    "claimant",
    "as_of",
    "qualifier",
    "value",
    "value_high",
    "unit",
    "counted",
    "place",
    "status",
    "confirmed",
    "statement",
    "methodology_notes",
    "source_title",
    "source_url",
    "source_date",
    "url",
)
NUMBER_COLUMNS = {"claim_id", "value", "value_high"}


def neutralise(text):
    """Text a spreadsheet would evaluate ('=HYPERLINK(...)') is prefixed with a quote."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _iso(day):
    return day.isoformat() if day else ""


def rows(quantity, claims):
    """One dict per claim with a figure, oldest as-of date first; values as plain strings."""
    base = settings.FACTCHECK_BASE_URL.rstrip("/")
    return [
        {
            "quantity": quantity.name,
            "claim_id": str(claim.pk),
            "claimant": claim.claimant.name,
            "as_of": _iso(claim.as_of),
            "qualifier": claim.qualifier,
            "value": plain_number(claim.value),
            "value_high": plain_number(claim.value_high),
            "unit": claim.unit,
            "counted": claim.counted,
            "place": claim.place,
            "status": claim.status,
            "confirmed": "true" if claim.status == Status.CONFIRMED else "false",
            "statement": claim.statement,
            "methodology_notes": claim.methodology_notes,
            "source_title": claim.source_title,
            "source_url": claim.source_url,
            "source_date": _iso(claim.source_date),
            "url": base + claim.get_absolute_url(),
        }
        for claim in claims
        if claim.value is not None
    ]


def to_csv(quantity, claims):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(quantity, claims):
        writer.writerow({k: v if k in NUMBER_COLUMNS else neutralise(v) for k, v in row.items()})
    return out.getvalue()


# A float holds any decimal of up to 15 significant digits exactly.
FLOAT_SAFE_DIGITS = 15


def json_number(text):
    """'2000' -> 2000, '2.5' -> 2.5, '' -> None; a decimal a float cannot hold exactly stays
    text, so no digit is ever lost."""
    if not text:
        return None
    value = Decimal(text)
    if value == value.to_integral_value():
        return int(value)
    if len(value.normalize().as_tuple().digits) > FLOAT_SAFE_DIGITS:
        return text
    return float(value)


def to_json(quantity, claims):
    """{"quantity": {...}, "figures": [...]}: values as JSON numbers, dates ISO or null."""
    figures = []
    for row in rows(quantity, claims):
        figure = {**row, "claim_id": int(row["claim_id"]), "confirmed": row["confirmed"] == "true"}
        figure["value"], figure["value_high"] = map(json_number, (row["value"], row["value_high"]))
        for key in ("as_of", "source_date"):
            figure[key] = figure[key] or None
        figures.append(figure)
    document = {
        "quantity": {
            "id": quantity.pk,
            "name": quantity.name,
            "counted": quantity.counted,
            "unit": quantity.unit,
            "place": quantity.place,
            "description": quantity.description,
        },
        "figures": figures,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
