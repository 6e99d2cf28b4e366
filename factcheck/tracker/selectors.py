"""The figure tracker's read side: a quantity's claims as chart series, and a claimant's track
record against the confirmed counts."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from factcheck.claims.figures import describe
from factcheck.models import (
    Claim,
    Claimant,
    Status,
    StatusChange,
    TrackedQuantity,
    verdict_time,
)
from factcheck.tracker import charts, spread


def with_verified_at(claims):
    """`claims` (a queryset) with `verified_at`: when each was last confirmed (None if never),
    which orders confirmed figures of the same as-of date (spread.latest_confirmed)."""
    verdicts = StatusChange.objects.filter(claim=OuterRef("pk"), to_status=Status.CONFIRMED)
    return claims.annotate(
        verified_at=Subquery(verdicts.order_by("-changed_at", "-id").values(at=verdict_time())[:1])
    )


def quantity_claims(quantity: TrackedQuantity) -> list[Claim]:
    """Every claim attached to `quantity`, oldest as-of date first (undated last)."""
    return claims_of_quantities([quantity])[quantity.pk]


def claims_of_quantities(quantities) -> dict[int, list[Claim]]:
    """{quantity id: its claims, ordered as quantity_claims}, in one query for them all."""
    grouped = {quantity.pk: [] for quantity in quantities}
    claims = with_verified_at(
        Claim.objects.filter(quantity__in=quantities)
        .select_related("claimant")
        .order_by("as_of", "claimant__name", "id")
    )
    for claim in claims:
        grouped[claim.quantity_id].append(claim)
    return grouped


def point_label(claim):
    return f"{claim.claimant.name}: {describe(claim)}, {claim.get_status_display().lower()}"


def chart_series(claims):
    """One series per claimant, of the claims that have both a figure and an as-of date."""
    by_claimant = defaultdict(list)
    for claim in claims:
        if claim.value is None or claim.as_of is None:
            continue
        by_claimant[claim.claimant.name].append(
            charts.Point(
                day=claim.as_of,
                low=spread.low(claim),
                high=spread.high(claim),
                filled=claim.status == Status.CONFIRMED,
                label=point_label(claim),
            )
        )
    return [charts.Series(name, tuple(points)) for name, points in sorted(by_claimant.items())]


def chart_description(quantity, claims, series):
    charted = sum(len(s.points) for s in series)
    text = (
        f"{charted} figure{'s' if charted != 1 else ''} from {len(series)} "
        f"claimant{'s' if len(series) != 1 else ''}: "
        + "; ".join(point.label for s in series for point in s.points)
        + "."
    )
    undated = len([c for c in claims if c.value is not None and c.as_of is None])
    if undated:
        text += f" {undated} figure{'s' if undated != 1 else ''} without an as-of date not shown."
    return text


def quantity_chart(quantity: TrackedQuantity, claims: list[Claim], layout=charts.DESK) -> str:
    """The quantity's chart as SVG text, in `layout` (charts.DESK or charts.PHONE)."""
    series = chart_series(claims)
    suffix = "" if layout is charts.DESK else "-phone"
    return charts.line_chart(
        series,
        title=f"{quantity.name}: figures by claimant over time",
        description=chart_description(quantity, claims, series),
        chart_id=f"quantity-{quantity.pk}-chart{suffix}",
        value_label=quantity.unit or quantity.counted,
        layout=layout,
    )


# --- A claimant's track record -----------------------------------------------------------------


@dataclass(frozen=True)
class FigureAgainstCount:
    claim: Claim
    confirmed_then: Claim | None  # the latest confirmed count on or before the claim's date
    ratio: str  # "8.8 times", "24% higher than", "" when there is nothing to compare


def claimant_status_counts(claimant: Claimant) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, so a zero is shown as a zero."""
    counts = dict(
        claimant.claims.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(status, status.label, counts.get(status, 0)) for status in Status]


def figures_by_quantity(claimant: Claimant) -> list[tuple]:
    """For each tracked quantity the claimant has figures on: their figures, each next to the
    count confirmed at the time, as [(quantity, latest confirmed, [FigureAgainstCount])]."""
    theirs = (
        claimant.claims.exclude(quantity=None)
        .exclude(value=None)
        .select_related("quantity")
        .order_by("quantity__name", "as_of", "id")
    )
    grouped = defaultdict(list)
    for claim in theirs:
        grouped[claim.quantity].append(claim)
    everyones = claims_of_quantities(list(grouped))
    record = []
    for quantity, claims in grouped.items():
        everyone = everyones[quantity.pk]
        rows = []
        for claim in claims:
            then = claim.as_of and spread.latest_confirmed(everyone, as_of=claim.as_of)
            rows.append(FigureAgainstCount(claim, then or None, compare(claim, then)))
        record.append((quantity, spread.latest_confirmed(everyone), rows))
    return record


def compare(claim: Claim, confirmed: Claim | None) -> str:
    """'more than 8.8 times' / 'the confirmed count itself' / '' (nothing to compare)."""
    if not confirmed or spread.low(confirmed) == 0:
        return ""
    if confirmed.pk == claim.pk:
        return "the confirmed count itself"
    if claim.status == Status.CONFIRMED:
        # A confirmed figure is a count too, not a claim to measure against the count.
        return "confirmed too (an earlier count)"
    if spread.high(claim) <= spread.high(confirmed) and spread.low(claim) >= spread.low(confirmed):
        return "the same as the confirmed count"
    if spread.high(claim) < spread.low(confirmed):
        return "below the confirmed count"
    if spread.low(claim) <= spread.high(confirmed):
        return "a range around the confirmed count"
    return f"{spread.ratio_words(claim, confirmed)} the confirmed count"
