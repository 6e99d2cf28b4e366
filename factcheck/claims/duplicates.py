"""When two claims are the same claim: the same statement, from the same claimant, as of the
same date, where "the same" text is what factcheck.text.fold makes equal (case in any script,
typographic quotes, apostrophes and dashes, Unicode forms, white space). The importer skips
such rows; the claim form warns."""

from factcheck.models import SEARCH_SEPARATOR, Claim
from factcheck.text import fold


def duplicate_key(*, statement: str, claimant_name: str, as_of) -> tuple:
    """The key under which two claims are the same claim (for comparing within one file)."""
    return (fold(statement), fold(claimant_name), as_of)


def find_duplicate(*, statement: str, claimant_name: str, as_of) -> Claim | None:
    """The claim already in the desk that is the same claim, or None."""
    # search_text starts with the folded statement and the separator, which no folded text
    # holds: a prefix match is an exact match of the folded statement. The claimant and the
    # date narrow the rows first (index on claimant).
    return (
        Claim.objects.filter(
            claimant__name_folded=fold(claimant_name),
            as_of=as_of,
            search_text__startswith=fold(statement) + SEARCH_SEPARATOR,
        )
        .order_by("pk")
        .first()
    )
