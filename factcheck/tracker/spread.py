"""The spread between what claimants say and what has been confirmed, in words:
"Government of Ukraine’s figure, more than 2,000 (as of 2 Mar 2022, unverifiable), is more than
8.8 times the latest confirmed count, at least 227 (UN human rights office (OHCHR), as of 1 Mar
2022)."

Works on plain lists of claims (with their claimant loaded) so that pages, exports and tests
share one wording.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from factcheck.claims.figures import amount, format_date, format_number, qualifier_words
from factcheck.models import Status


def low(claim):
    return claim.value


def high(claim):
    return claim.value_high if claim.value_high is not None else claim.value


NEVER = datetime.min.replace(tzinfo=UTC)


def _when(claim):
    return (claim.as_of or date.min, claim.source_date or date.min, claim.pk or 0)


def _confirmed_when(claim):
    """The order of confirmed figures: by as-of date; of two on the same date, the one
    confirmed last (its verdict's time, `verified_at`, annotated by tracker.selectors), then
    the later claim number. Stated on the quantity's page."""
    verified = getattr(claim, "verified_at", None) or NEVER
    return (claim.as_of or date.min, verified, claim.pk or 0)


def latest_confirmed(claims, *, as_of=None):
    """The confirmed claim with the latest as-of date (on or before `as_of` if given); of two
    on the same date, the later verdict (see `_confirmed_when`)."""
    confirmed = [
        c
        for c in claims
        if c.status == Status.CONFIRMED
        and c.value is not None
        and (as_of is None or (c.as_of is not None and c.as_of <= as_of))
    ]
    return max(confirmed, key=_confirmed_when, default=None)


def highest(claims, *, besides=None):
    """The claim with the highest figure (the upper end, for ranges), other than `besides`."""
    others = [c for c in claims if c.value is not None and c is not besides]
    return max(others, key=lambda c: (high(c), _when(c)), default=None)


def highest_claimed(claims):
    """The highest figure that is not itself confirmed: a confirmed figure is a count, never
    set against the confirmed count as if it were a claim."""
    others = [c for c in claims if c.value is not None and c.status != Status.CONFIRMED]
    return max(others, key=lambda c: (high(c), _when(c)), default=None)


def possessive(name):
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def _round(ratio):
    places = Decimal("1") if ratio >= 10 else Decimal("0.1")
    return ratio.quantize(places, rounding=ROUND_HALF_UP)


def ratio_words(claim, confirmed):
    """'more than 8.8 times', '8.8 to 13.2 times', 'about 24% higher than'."""
    ratios = (low(claim) / high(confirmed), high(claim) / low(confirmed))
    ratio_low, ratio_high = ratios
    qualifier = "" if ratio_low != ratio_high else qualifier_words(claim.qualifier, ratio=True)
    if ratio_high < 2:
        points = [int(((r - 1) * 100).quantize(Decimal("1"), ROUND_HALF_UP)) for r in ratios]
        number = f"{points[0]}%" if points[0] == points[1] else f"{points[0]}% to {points[1]}%"
        words, tail = number, "higher than"
    else:
        rounded = [format_number(_round(r)) for r in ratios]
        number = rounded[0] if rounded[0] == rounded[1] else f"{rounded[0]} to {rounded[1]}"
        words, tail = number, "times"
    return " ".join(part for part in (qualifier, words, tail) if part)


def _figure(claim, *, with_claimant=False, with_status=False):
    context = [claim.claimant.name] if with_claimant else []
    if claim.as_of:
        context.append(f"as of {format_date(claim.as_of)}")
    if with_status:
        context.append(claim.get_status_display().lower())
    return f"{amount(claim)} ({', '.join(context)})" if context else amount(claim)


@dataclass(frozen=True)
class Spread:
    text: str
    confirmed: object = None
    highest: object = None


def describe_spread(claims):
    """The spread between the highest claimed figure and the latest confirmed one, in words."""
    claims = [c for c in claims if c.value is not None]
    if not claims:
        return Spread("No figures are attached to this quantity yet.")
    confirmed = latest_confirmed(claims)
    if confirmed is None:
        return Spread(_nothing_confirmed(claims), highest=highest(claims))
    top = highest_claimed(claims)
    sentences = []
    if top is None:
        confirmed_count = sum(c.status == Status.CONFIRMED for c in claims)
        sentences.append(
            f"The confirmed count, {_figure(confirmed, with_claimant=True)}, "
            + (
                "is the only figure claimed."
                if confirmed_count == 1
                else "is the latest; every figure attached is confirmed, so none is compared."
            )
        )
    else:
        sentences.append(_compare(top, confirmed, claims))
    claimants = {c.claimant_id for c in claims}
    if len(claimants) == 1 and top is not None:
        sentences.append(f"All figures come from {confirmed.claimant.name}.")
    return Spread(" ".join(sentences), confirmed=confirmed, highest=top)


def _nothing_confirmed(claims):
    if len(claims) == 1:
        (only,) = claims
        return (
            f"No figure has been independently confirmed yet. The only one claimed is "
            f"{possessive(only.claimant.name)}: {_figure(only, with_status=True)}."
        )
    bottom = min(claims, key=lambda c: (low(c), _when(c)))
    top = highest(claims)
    return (
        f"None of the {len(claims)} claimed figures has been independently confirmed yet. "
        f"They range from {_figure(bottom, with_claimant=True)} "
        f"to {_figure(top, with_claimant=True)}."
    )


def _compare(top, confirmed, claims):
    latest = _figure(confirmed, with_claimant=True)
    who = f"{possessive(top.claimant.name)} figure, {_figure(top, with_status=True)},"
    if high(top) <= high(confirmed):
        return f"No claimed figure is above the latest confirmed count, {latest}."
    if low(confirmed) == 0:
        return f"{who} is above the latest confirmed count, {latest}."
    if low(top) <= high(confirmed):
        return f"{who} runs from below to above the latest confirmed count, {latest}."
    text = f"{who} is {ratio_words(top, confirmed)} the latest confirmed count, {latest}."
    if top.as_of is None:
        return text
    then = latest_confirmed(claims, as_of=top.as_of)
    if then is None or then is confirmed or low(then) == 0 or low(top) <= high(then):
        return text
    # The latest count may be weeks younger than the claim: also compare like with like.
    return text + (
        f" Against the count confirmed when it was made, {_figure(then)}, it is "
        f"{ratio_words(top, then)} that."
    )
