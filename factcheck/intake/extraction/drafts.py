"""The drafted claim the engine returns: one figure, where it is in the text, and its context."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass
class Draft:
    """One figure claim drafted from an article, for an editor to check and file.

    `start`/`end` are character offsets into the text given to `extract_claims`, so
    `text[start:end] == quote`. `value`/`value_high` are Decimals in plain units (millions
    multiplied out; a percentage as 2.5 for 2.5%); `value_high` is set for ranges only.
    `qualifier` is a `factcheck.models.Qualifier` code, `unit` "" for a count, "%" for a
    percentage, an ISO 4217 code for money or a symbol for a measurement ("mm", "km").
    `claimant` is "" when the article attributes the figure to nobody.
    """

    quote: str
    start: int
    end: int
    statement: str
    claimant: str
    value: Decimal
    value_high: Decimal | None
    qualifier: str
    unit: str
    counted: str
    place: str
    as_of: date | None
    vague: bool

    def as_json(self):
        """The draft as JSON-ready values: numbers as int or float, the date as ISO text."""
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "statement": self.statement,
            "claimant": self.claimant,
            "value": json_number(self.value),
            "value_high": json_number(self.value_high),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "counted": self.counted,
            "place": self.place,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "vague": self.vague,
        }


def json_number(value):
    """Decimal -> int when whole, else float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
