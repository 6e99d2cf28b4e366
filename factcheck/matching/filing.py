"""Before a claim is filed through the API: the existing claims it matches, and the hold on a
figure the desk already holds (issue 18), by the rules the New claim form applies
(`factcheck.matching.views.hold_before_filing`, `factcheck.claims.duplicates`)."""

from factcheck.claims.duplicates import find_duplicate
from factcheck.errors import InvalidInput, SameFigure
from factcheck.matching.selectors import ClaimMatch, holds_filing, new_claim_matches


def matches_before_filing(
    *, data: dict, new_claimant: dict | None = None, file_anyway: bool = False
) -> list[ClaimMatch]:
    """The existing claims a claim about to be filed matches, best first (`data` and
    `new_claimant` as `factcheck.claims.services.create_claim` takes them, values cleaned).

    Raises SameFigure, unless `file_anyway`, when a claim with the same figure is in the desk
    or one is the same claim by the importer's rule (same statement, claimant, figure and
    as-of date: a claim without a figure has no same-figure match, yet is held too); and
    InvalidInput for a value matching cannot read (the claim rules should have refused it).
    Reads only."""
    try:
        matches = new_claim_matches(data=data, new_claimant=new_claimant)
    except ValueError as error:
        raise InvalidInput(f"The claim was not saved: {error}.") from None
    if file_anyway:
        return matches
    claimant = data.get("claimant")
    name = ((new_claimant or {}).get("name") or "").strip() or (claimant.name if claimant else "")
    duplicate = find_duplicate(
        statement=data.get("statement") or "",
        claimant_name=name,
        value=data.get("value"),
        counted=data.get("counted") or "",
        as_of=data.get("as_of"),
    )
    if duplicate is not None or holds_filing(matches):
        raise SameFigure(matches, duplicate)
    return matches
