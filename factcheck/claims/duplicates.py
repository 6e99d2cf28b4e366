"""When two claims are the same claim: the same statement, from the same claimant, with the
same figure (value and what it counts), as of the same date, where "the same" text is what
factcheck.text.fold makes equal (case in any script, typographic quotes, apostrophes and
dashes, Unicode forms, white space) and the same value is the same number (1500 = 1500.0000;
no value is a value of its own). The importer skips such rows; the claim form and intake warn.

Why the figure is part of it: one sentence often carries several figures ("1,500 killed and
3,000 wounded, the ministry said"), each filed as its own claim with the sentence as its
statement; without the figure the second would be taken for a copy of the first. A re-filing
of the same figure from the same sentence is still the same claim."""

from decimal import Decimal

from factcheck.models import SEARCH_SEPARATOR, Claim
from factcheck.text import fold


def duplicate_key(
    *, statement: str, claimant_name: str, value: Decimal | None, counted: str, as_of
) -> tuple:
    """The key under which two claims are the same claim (for comparing within one file).
    `value` is a number or None; Decimal("1500") and Decimal("1500.0000") are one key."""
    return (fold(statement), fold(claimant_name), value, fold(counted or ""), as_of)


def find_duplicate(
    *, statement: str, claimant_name: str, value: Decimal | None, counted: str, as_of
) -> Claim | None:
    """The claim already in the desk that is the same claim, or None (arguments as
    `duplicate_key`)."""
    # search_text starts with the folded statement and the separator, which no folded text
    # holds: a prefix match is an exact match of the folded statement. The claimant and the
    # date narrow the rows first (index on claimant). value=None is IS NULL.
    return (
        Claim.objects.filter(
            claimant__name_folded=fold(claimant_name),
            as_of=as_of,
            value=value,
            counted_folded=fold(counted or ""),
            search_text__startswith=fold(statement) + SEARCH_SEPARATOR,
        )
        .order_by("pk")
        .first()
    )
