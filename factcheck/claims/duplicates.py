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

from django.db.models import Q

from factcheck.models import SEARCH_SEPARATOR, Claim, Claimant
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


# Rows per query of `duplicate_ids`: each adds one OR'd condition (five parameters).
DUPLICATE_BATCH = 200


def duplicate_ids(items: list[dict]) -> list[int | None]:
    """`find_duplicate` for many claims at once (the importer's check of a big file): for
    each of `items` (dicts of find_duplicate's arguments) the id of the claim already in the
    desk that is the same claim (the lowest, as find_duplicate returns), or None. One query
    per DUPLICATE_BATCH items for their claimants, and one for the claims."""
    found = []
    for start in range(0, len(items), DUPLICATE_BATCH):
        found += _duplicate_ids(items[start : start + DUPLICATE_BATCH])
    return found


def _duplicate_ids(items):
    claimants = {}
    names = {fold(item["claimant_name"]) for item in items}
    for name_folded, pk in Claimant.objects.filter(name_folded__in=names).values_list(
        "name_folded", "pk"
    ):
        claimants.setdefault(name_folded, []).append(pk)
    keys, wanted = [], Q(pk__in=[])
    for item in items:
        statement = fold(item["statement"])
        counted = fold(item["counted"] or "")
        ids = claimants.get(fold(item["claimant_name"]), [])
        keys.append([(pk, item["as_of"], item["value"], counted, statement) for pk in ids])
        for pk in ids:
            # The same conditions as find_duplicate's, on the claimant's id.
            wanted |= Q(
                claimant_id=pk,
                as_of=item["as_of"],
                value=item["value"],
                counted_folded=counted,
                search_text__startswith=statement + SEARCH_SEPARATOR,
            )
    first = {}
    rows = Claim.objects.filter(wanted).order_by("pk")
    for pk, claimant, as_of, value, counted, text in rows.values_list(
        "pk", "claimant_id", "as_of", "value", "counted_folded", "search_text"
    ):
        # Decimal("1500") and Decimal("1500.0000") are equal and hash alike: one key.
        first.setdefault((claimant, as_of, value, counted, text.split(SEARCH_SEPARATOR)[0]), pk)
    return [min((first[k] for k in options if k in first), default=None) for options in keys]
