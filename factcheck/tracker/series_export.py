"""A tracked quantity's time series for machines: CSV and JSON.

The conventions are the figures export's, because it writes through the same writers
(factcheck/exports/writers.py): numbers unformatted, ISO dates, CSV text cells a spreadsheet
would run as a formula neutralised (a ' before each formula trigger that begins the cell or a
piece a spreadsheet may split it into), JSON numbers exact to the last digit.

Built in memory rather than streamed: the claims are already loaded for the quantity's page
(tracker.quantity_claims) and a series is tens of rows, not millions.
"""

from factcheck.exports.rows import claim_url_pattern
from factcheck.exports.writers import write_csv, write_json
from factcheck.models import Status

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


def rows(quantity, claims):
    """One tuple per claim with a figure, in `claims` order, lined up with COLUMNS and typed
    (int, Decimal, date, bool, str or None); the writers format the cells."""
    claim_url = claim_url_pattern()
    for claim in claims:
        if claim.value is None:
            continue
        figure = {
            "quantity": quantity.name,
            "claim_id": claim.pk,
            "claimant": claim.claimant.name,
            "as_of": claim.as_of,
            "qualifier": claim.qualifier,
            "value": claim.value,
            "value_high": claim.value_high,
            "unit": claim.unit,
            "counted": claim.counted,
            "place": claim.place,
            "status": claim.status,
            "confirmed": claim.status == Status.CONFIRMED,
            "statement": claim.statement,
            "methodology_notes": claim.methodology_notes,
            "source_title": claim.source_title,
            "source_url": claim.source_url,
            "source_date": claim.source_date,
            "url": claim_url.format(claim.pk),
        }
        yield tuple(figure[column] for column in COLUMNS)


def to_csv(quantity, claims):
    """The series as CSV text, one row per claim with a figure, oldest as-of date first."""
    return "".join(write_csv(rows(quantity, claims), COLUMNS))


def to_json(quantity, claims):
    """{"quantity": {...}, "figures": [...], "count": n}: values as JSON numbers, dates ISO
    or null, `confirmed` true or false."""
    head = {
        "quantity": {
            "id": quantity.pk,
            "name": quantity.name,
            "counted": quantity.counted,
            "unit": quantity.unit,
            "place": quantity.place,
            "description": quantity.description,
        }
    }
    return "".join(write_json(rows(quantity, claims), COLUMNS, head, "figures"))
