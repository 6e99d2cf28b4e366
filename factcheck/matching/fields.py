"""`ClaimFields`: the fields of a claim that matching reads, as plain values.

Built from a saved `Claim` (`ClaimFields.from_claim`), from a form's or an importer's plain
values (`ClaimFields.from_values`, which reads "2,000,000", "two million" or "3.5bn" and ISO
dates), or from a dict such as a gold-set entry (`from_dict`). Matching never touches the
database, so a later selector can feed it candidates however it finds them.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from factcheck.matching.intervals import QUALIFIERS, Figure
from factcheck.matching.numbers import parse_number
from factcheck.matching.units import read_unit


@dataclass(frozen=True)
class ClaimFields:
    """One claim as matching sees it.

    statement, claimant (the claimant's name), unit, counted and place: str ("" when unknown).
    value, value_high: Decimal or None, in `unit` (value_high only for a range, not below
    value). qualifier: one of exact, approximately, at_least, more_than, up_to, fewer_than
    (the codes of factcheck.models.Qualifier), "" exactly when there is no value.
    as_of: the figure's date or None. ref: anything that identifies the claim to the caller
    (a primary key), never compared.

    Raises ValueError on an unknown qualifier, a qualifier without a value, an upper value
    without a value or below it.
    """

    statement: str = ""
    claimant: str = ""
    value: Decimal | None = None
    value_high: Decimal | None = None
    qualifier: str = ""
    unit: str = ""
    counted: str = ""
    place: str = ""
    as_of: date | None = None
    ref: Hashable | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.value is None:
            if self.value_high is not None:
                raise ValueError("an upper value needs a value")
            if self.qualifier:
                raise ValueError("a qualifier needs a value")
            return
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}; one of {QUALIFIERS}")
        if self.value_high is not None and self.value_high < self.value:
            raise ValueError("the upper value cannot be below the value")

    @property
    def has_figure(self) -> bool:
        return self.value is not None

    @property
    def figure(self) -> Figure | None:
        """The figure in its unit's base scale ("3.5" in "bn $" is 3,500,000,000 usd), or None.
        A range whose ends are equal is read as one number."""
        if self.value is None:
            return None
        _, scale = read_unit(self.unit)
        high = self.value_high
        if high is not None and high == self.value:
            high = None
        return Figure(
            value=self.value * scale,
            value_high=None if high is None else high * scale,
            qualifier=self.qualifier,
        )

    @property
    def unit_key(self) -> str:
        """The unit in its comparable form ("per cent" -> "%", "" for a count)."""
        return read_unit(self.unit)[0]

    @classmethod
    def from_claim(cls, claim: Any) -> "ClaimFields":
        """From a factcheck.models.Claim (or anything with its attributes; `claimant` may be a
        Claimant or a name). Reads no other table."""
        claimant = claim.claimant
        return cls(
            statement=claim.statement or "",
            claimant=getattr(claimant, "name", claimant) or "",
            value=claim.value,
            value_high=claim.value_high,
            qualifier=claim.qualifier or "",
            unit=claim.unit or "",
            counted=claim.counted or "",
            place=claim.place or "",
            as_of=claim.as_of,
            ref=claim.pk,
        )

    @classmethod
    def from_values(
        cls,
        *,
        statement: str = "",
        claimant: str = "",
        value: Decimal | int | float | str | None = None,
        value_high: Decimal | int | float | str | None = None,
        qualifier: str = "",
        unit: str = "",
        counted: str = "",
        place: str = "",
        as_of: date | str | None = None,
        ref: Hashable | None = None,
    ) -> "ClaimFields":
        """From plain values: numbers as Decimal, int, float or text ("2,000,000", "two
        million", "1.2 million", "3.5bn"; "" or None for none), as_of as a date or an ISO
        "YYYY-MM-DD" string. A value without a qualifier is taken as exact. Raises ValueError
        for a value or date it cannot read, and as the constructor does."""
        number = _number(value)
        return cls(
            statement=statement or "",
            claimant=claimant or "",
            value=number,
            value_high=_number(value_high),
            qualifier=(qualifier or "exact") if number is not None else (qualifier or ""),
            unit=unit or "",
            counted=counted or "",
            place=place or "",
            as_of=date.fromisoformat(as_of) if isinstance(as_of, str) and as_of else as_of or None,
            ref=ref,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ClaimFields":
        """From a mapping with the field names (a gold-set entry, a JSON body); unknown keys
        raise ValueError, so a misspelt field is never silently ignored."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown claim fields: {', '.join(sorted(unknown))}")
        return cls.from_values(**data)


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_number(value)
