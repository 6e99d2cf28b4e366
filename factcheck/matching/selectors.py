"""Has this been checked already? `find_matches`: the existing claims a claim matches, best
first, for every page that files or shows a claim (the New claim form, the claim page, the
importer) and for the API's GET /api/v1/claims/matches/ (`ClaimMatch.as_dict`)."""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from factcheck.matching.candidates import candidates
from factcheck.matching.fields import ClaimFields
from factcheck.matching.ranking import Match, MatchKind, rank_matches
from factcheck.models import Claim, Claimant

DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class ClaimMatch:
    """An existing claim that matches: `claim` (a Claim, its claimant and tracked quantity
    loaded), `kind` (MatchKind), `score` 0..1 and `reasons` (factcheck.matching.ranking)."""

    claim: Claim
    kind: MatchKind
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        """Plain data, as the API returns it: {"claim": id, "kind": "same_figure", "score",
        "statement", "status", "url" (the claim's page), "api_url"}, addresses absolute
        (FACTCHECK_BASE_URL)."""
        claim = self.claim
        return {
            "claim": claim.pk,
            "kind": str(self.kind),
            "score": self.score,
            "statement": claim.statement,
            "status": claim.status,
            "url": settings.FACTCHECK_BASE_URL + claim.get_absolute_url(),
            "api_url": settings.FACTCHECK_BASE_URL + reverse("api-claim-detail", args=[claim.pk]),
        }

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    MatchKind.SAME_FIGURE: "Same figure",
    MatchKind.SAME_QUANTITY: "Same quantity, other figure",
    MatchKind.SIMILAR_TEXT: "Similar text",
}


def _claimant(claimant, claimant_name) -> tuple[str, list[int]]:
    """(the claimant's name, the ids of claimants of that name in the desk)."""
    if isinstance(claimant, Claimant):
        return claimant.name, [claimant.pk]
    if claimant is not None:
        found = Claimant.objects.filter(pk=claimant).values_list("name", flat=True).first()
        return (found, [claimant]) if found is not None else ("", [])
    name = " ".join((claimant_name or "").split())
    if not name:
        return "", []
    return name, list(Claimant.objects.filter(name__iexact=name).values_list("pk", flat=True))


def find_matches(
    *,
    statement: str = "",
    claimant: Claimant | int | None = None,
    claimant_name: str = "",
    value: Decimal | int | str | None = None,
    value_high: Decimal | int | str | None = None,
    qualifier: str = "",
    unit: str = "",
    counted: str = "",
    place: str = "",
    as_of: date | str | None = None,
    exclude: int | Iterable[int] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[ClaimMatch]:
    """The existing claims that a claim with these values matches, best first, at most
    `limit` (same figure, then same quantity, then similar text; see
    factcheck.matching.ranking for what each means and how it is scored).

    `claimant`: a Claimant or its id; or `claimant_name`, a name as typed (aliases such as
    "UN refugee agency" for "UNHCR" are recognised by the ranking). Values as
    ClaimFields.from_values reads them (numbers as Decimal, int or text such as "2,000" or
    "two million"; `as_of` a date or "YYYY-MM-DD"). `exclude`: a claim id, or ids, never to
    return (the claim's own, on its page). Raises ValueError for a value, qualifier or date it
    cannot read. Reads only: three to six queries.
    """
    name, claimant_ids = _claimant(claimant, claimant_name)
    probe = ClaimFields.from_values(
        statement=statement,
        claimant=name,
        value=value,
        value_high=value_high,
        qualifier=qualifier,
        unit=unit,
        counted=counted,
        place=place,
        as_of=as_of,
    )
    excluded = [exclude] if isinstance(exclude, int) else list(exclude or ())
    return _load(rank_matches(probe, _candidates(probe, claimant_ids, excluded), limit=limit))


def find_matches_for_each(
    probes: Mapping[Hashable, Mapping], *, limit: int = DEFAULT_LIMIT
) -> dict[Hashable, list[ClaimMatch]]:
    """`find_matches` for several claims at once (an article's drafts): {key: the keyword
    arguments find_matches takes} -> {key: its matches}, the same answers in fewer queries:
    one for all the claimants named, each probe's candidates, and one loading every claim
    matched. A probe whose values cannot be read (ValueError) matches nothing."""
    names = {
        " ".join((values.get("claimant_name") or "").split())
        for values in probes.values()
        if values.get("claimant") is None
    } - {""}
    named = {}
    if names:
        wanted = reduce(or_, (Q(name__iexact=name) for name in names))
        for pk, name in Claimant.objects.filter(wanted).values_list("pk", "name"):
            named.setdefault(name.lower(), []).append(pk)
    ranked = {}
    for key, values in probes.items():
        values = dict(values)
        claimant, name = values.pop("claimant", None), values.pop("claimant_name", "")
        exclude = values.pop("exclude", None)
        if isinstance(claimant, Claimant):
            name, claimant_ids = claimant.name, [claimant.pk]
        elif claimant is not None:
            raise TypeError("find_matches_for_each takes a Claimant, not its id")
        else:
            name = " ".join((name or "").split())
            claimant_ids = named.get(name.lower(), [])
        try:
            probe = ClaimFields.from_values(claimant=name, **values)
        except ValueError:
            ranked[key] = []
            continue
        excluded = [exclude] if isinstance(exclude, int) else list(exclude or ())
        ranked[key] = rank_matches(probe, _candidates(probe, claimant_ids, excluded), limit=limit)
    claims = _claims(m.candidate.ref for found in ranked.values() for m in found)
    return {key: _as_claim_matches(found, claims) for key, found in ranked.items()}


def matches_for_claim(claim: Claim, *, limit: int = DEFAULT_LIMIT) -> list[ClaimMatch]:
    """The claims `claim` matches, itself and those marked as its duplicates left out."""
    probe = ClaimFields.from_claim(claim)
    excluded = [claim.pk, *claim.duplicates.values_list("pk", flat=True)]
    if claim.duplicate_of_id:
        excluded.append(claim.duplicate_of_id)
    found = _candidates(probe, [claim.claimant_id], excluded)
    return _load(rank_matches(probe, found, limit=limit))


def holds_filing(matches: Iterable[ClaimMatch]) -> bool:
    """Whether filing a claim with these matches needs a deliberate second step (issue 18):
    a claim with the same figure is already in the desk. The one rule for the New claim
    form, the API and the importer's preview."""
    return any(match.kind is MatchKind.SAME_FIGURE for match in matches)


def new_claim_matches(*, data: dict, new_claimant: dict | None = None) -> list[ClaimMatch]:
    """The existing claims a claim about to be filed matches, best first. `data`: the claim's
    cleaned values as the claim services take them (`statement`, `claimant` a Claimant or
    None, the figure fields); `new_claimant`: {"name", ...} when the claimant is named
    rather than chosen. Raises ValueError as `find_matches`."""
    name = ((new_claimant or {}).get("name") or "").strip()
    return find_matches(
        statement=data.get("statement") or "",
        claimant=None if name else data.get("claimant"),
        claimant_name=name,
        value=data.get("value"),
        value_high=data.get("value_high"),
        qualifier=data.get("qualifier") or "",
        unit=data.get("unit") or "",
        counted=data.get("counted") or "",
        place=data.get("place") or "",
        as_of=data.get("as_of"),
    )


def _candidates(probe, claimant_ids, excluded):
    if not (probe.statement.strip() or probe.counted.strip()):
        return []
    return candidates(probe, claimant_ids=claimant_ids, exclude=excluded)


def _load(matches: list[Match]) -> list[ClaimMatch]:
    return _as_claim_matches(matches, _claims(match.candidate.ref for match in matches))


def _claims(ids: Iterable[int]) -> dict[int, Claim]:
    return Claim.objects.select_related("claimant", "quantity").in_bulk(set(ids))


def _as_claim_matches(matches: list[Match], claims: dict[int, Claim]) -> list[ClaimMatch]:
    # A claim deleted since it was ranked is left out.
    return [
        ClaimMatch(claims[m.candidate.ref], m.kind, m.score, m.reasons)
        for m in matches
        if m.candidate.ref in claims
    ]


def as_data(matches: Iterable[ClaimMatch]) -> dict:
    """{"matches": [{"claim", "kind", "score"}, ...]}: the API's body (issue 18)."""
    return {"matches": [match.as_dict() for match in matches]}
