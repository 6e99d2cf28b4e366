"""The limits every input is kept to, whichever way it comes in (forms, the admin, the importer,
an API), so that whatever the desk accepts it can store exactly and read back on both
databases, show on every page and export.

- Figures: at most FIGURE_DIGITS significant digits, FIGURE_DECIMAL_PLACES of them after the
  point, so the largest figure is MAX_FIGURE = 99,999,999,999.9999. Zeros at the end of the
  fraction say nothing about the number (2.50000 is 2.5): they are dropped before the limit is
  applied, so it is one of the number's size and precision, not of how it was written. Every
  path refuses a figure beyond it with FIGURE_LIMIT_MESSAGE, code FIGURE_LIMIT_CODE
  (`check_figure`). The reason is SQLite, the
  default database: it keeps a decimal column as a 64-bit float when the number is not an
  integer, and a float holds 15 significant decimal digits exactly (IEEE 754 double, DBL_DIG).
  PostgreSQL's numeric(15, 4) holds the same numbers. Every figure the desk has met (a world
  population, a budget in euros) fits.
- Dates and times: between EARLIEST_MOMENT and LATEST_MOMENT (UTC). Python's datetime stops at
  the years 1 and 9999, and PostgreSQL stores a time at "0001-01-01T00:00:00+14:00" as a date
  before the year 1 that Python cannot read back; any time in this range reads back in every
  time zone.
- Claim numbers from a file: at most MAX_IMPORTED_CLAIM_ID. A file's number becomes the claim's
  id and moves the id sequence past it; this ceiling leaves the sequence over 9.2 × 10^18
  numbers for new claims, and every claim number stays exact in JSON readers (below 2^53).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

FIGURE_DIGITS = 15
FIGURE_DECIMAL_PLACES = 4
MAX_FIGURE = Decimal("99999999999.9999")
FIGURE_LIMIT_CODE = "figure_out_of_range"
FIGURE_LIMIT_MESSAGE = (
    "Figures are kept exactly up to 99,999,999,999.9999 (15 digits, at most 4 after the "
    "decimal point), and down to -99,999,999,999.9999. Give a larger figure in a bigger "
    'unit, e.g. 1.5 with unit "billion".'
)

EARLIEST_MOMENT = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST_MOMENT = datetime.datetime(9000, 12, 31, tzinfo=datetime.UTC)

MAX_IMPORTED_CLAIM_ID = 10**12


class FigureField(models.DecimalField):
    """A figure's number: a DecimalField with the desk's limit and its message on every form
    made from it (claim form, admin, importer). Migrations see a plain DecimalField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", FIGURE_DIGITS)
        kwargs.setdefault("decimal_places", FIGURE_DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        messages = dict.fromkeys(
            ("max_digits", "max_whole_digits", "max_decimal_places"), FIGURE_LIMIT_MESSAGE
        )
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        return super().formfield(**kwargs)


def without_trailing_zeros(value: Decimal) -> Decimal:
    """`value` with the zeros at the end of its fraction dropped, exactly: 2.50000 -> 2.5,
    0.000 -> 0, 1500 stays 1500. (Decimal.normalize would round to the context's 28 digits,
    and turn 1500 into 1.5E+3.)"""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN, infinity
        return value
    if not any(digits):
        return Decimal(0)
    digits = list(digits)
    while exponent < 0 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    return Decimal((sign, tuple(digits), exponent))


def check_figure(value: Decimal) -> None:
    """Raise ValidationError (FIGURE_LIMIT_MESSAGE, code FIGURE_LIMIT_CODE) unless `value` is
    a finite number within ±MAX_FIGURE with at most FIGURE_DECIMAL_PLACES places once the
    zeros ending its fraction are dropped. Exact for any Decimal, however many digits or
    however large its exponent (1E+999999999 is compared, never written out)."""
    exponent = without_trailing_zeros(value).as_tuple().exponent if value.is_finite() else None
    if exponent is None or value.copy_abs() > MAX_FIGURE or exponent < -FIGURE_DECIMAL_PLACES:
        raise ValidationError(FIGURE_LIMIT_MESSAGE, code=FIGURE_LIMIT_CODE)


def check_moment(moment: datetime.datetime | None) -> None:
    """Raise ValidationError (code `out_of_range`) unless `moment` (aware) is None or between
    EARLIEST_MOMENT and LATEST_MOMENT."""
    if moment is not None and not EARLIEST_MOMENT <= moment <= LATEST_MOMENT:
        raise ValidationError(
            f"Times are kept between {EARLIEST_MOMENT:%Y-%m-%d} and {LATEST_MOMENT:%Y-%m-%d} "
            "(UTC).",
            code="out_of_range",
        )


def check_imported_claim_id(number: int) -> None:
    """Raise ValidationError (code `claim_id_too_large`) if a file's claim number is above
    MAX_IMPORTED_CLAIM_ID: it would move the id sequence towards its end for every new claim."""
    if number > MAX_IMPORTED_CLAIM_ID:
        raise ValidationError(
            f"Claim number {number} is above {MAX_IMPORTED_CLAIM_ID:,}, the largest a file may "
            "give (higher numbers would use up the numbers new claims need). Leave the cell "
            "empty to give the claim a new number.",
            code="claim_id_too_large",
        )
