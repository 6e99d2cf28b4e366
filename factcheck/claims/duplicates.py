"""When two claims are the same claim: the same statement, from the same claimant (name
ignoring case), as of the same date. The importer skips such rows; the claim form warns."""

from factcheck.models import Claim


def duplicate_key(*, statement: str, claimant_name: str, as_of) -> tuple:
    """The key under which two claims are the same claim (for comparing within one file)."""
    return (statement.strip(), " ".join(claimant_name.split()).casefold(), as_of)


def find_duplicate(*, statement: str, claimant_name: str, as_of) -> Claim | None:
    """The claim already in the desk that is the same claim, or None."""
    return (
        Claim.objects.filter(
            statement=statement.strip(),
            claimant__name__iexact=" ".join(claimant_name.split()),
            as_of=as_of,
        )
        .order_by("pk")
        .first()
    )
