"""Has this been checked already? Classify a claim against an existing one, and rank many.

`classify(probe, candidate)` says how a claim about to be filed (`probe`) relates to an existing
claim (`candidate`), both `ClaimFields`:

- **same_figure**: the same claimant (or an alias, factcheck.matching.aliases), the same
  quantity (what is counted, place and unit agree, factcheck.matching.quantities), figures that
  agree within their qualifiers (factcheck.matching.intervals), as of dates at most
  `DATE_WINDOW` apart (or not said by one of them). The figure has been checked already.
- **same_quantity**: the same quantity, but another claimant, another figure, or a date
  beyond the window (an updated figure). Worth reading side by side; filing it under the
  candidate's tracked quantity is likely.
- **similar_text**: not the same quantity, but worded alike (text_similarity at least
  `SIMILAR_TEXT_THRESHOLD`): perhaps the same story, perhaps only shared words.
- None: nothing in common worth showing.

Scores are 0..1 and the kinds own disjoint bands, so sorting by score sorts by kind first:
same_figure 0.75-1, same_quantity 0.40-0.75, similar_text 0.10-0.40. Within a band the score
says how close: identical figures above reworded ones, a date the same day above one three days
off, closer wording above looser.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from factcheck.matching.aliases import same_claimant
from factcheck.matching.fields import ClaimFields
from factcheck.matching.intervals import compare_figures
from factcheck.matching.quantities import Relation, compare_quantities
from factcheck.matching.text_similarity import text_similarity

# A figure is restated for a few days: rewrites and follow-ups run the next day or two, and
# editors file the as-of date sometimes as the source's date, sometimes as the article's
# (a weekend adds a day). A claimant's newer count, days later, is an update: same_quantity.
DATE_WINDOW = timedelta(days=3)
# Below this, statements share only the common words of a beat ("civilians", "killed",
# "Ukraine"); measured on the gold set (tests/matching/gold/pairs.json).
SIMILAR_TEXT_THRESHOLD = 0.68


class MatchKind(StrEnum):
    SAME_FIGURE = "same_figure"
    SAME_QUANTITY = "same_quantity"
    SIMILAR_TEXT = "similar_text"


@dataclass(frozen=True)
class Match:
    """How `candidate` matches the probe: `kind`, `score` 0..1 (see the module docstring) and
    `reasons`, short phrases for people ("known aliases", "as of 2 days apart")."""

    kind: MatchKind
    score: float
    candidate: ClaimFields
    reasons: tuple[str, ...]


def _dates(probe: ClaimFields, candidate: ClaimFields) -> tuple[bool, float, str]:
    """(within the window, score factor, reason)."""
    if probe.as_of is None or candidate.as_of is None:
        return True, 0.9, "as-of date not said by both"
    days = abs((probe.as_of - candidate.as_of).days)
    # Shown to people under each match ("as of 1 day apart", never "1 days").
    apart = f"as of {days} day{'' if days == 1 else 's'} apart"
    if days > DATE_WINDOW.days:
        return False, 0.0, apart
    return True, 1.0 - 0.03 * days, "same as-of date" if not days else apart


def classify(probe: ClaimFields, candidate: ClaimFields) -> Match | None:
    """How `candidate` relates to `probe` (see the module docstring), or None for no match.
    Symmetric in its kind, though not always exactly in its score's last digits."""
    quantity = compare_quantities(probe, candidate)
    if quantity.agrees:
        return _same_quantity_or_figure(probe, candidate, quantity.score, quantity.reasons)
    if quantity.relation is Relation.REWORDED and (
        match := _reworded_same_figure(probe, candidate, quantity)
    ):
        return match
    similarity = text_similarity(probe.statement, candidate.statement)
    if similarity >= SIMILAR_TEXT_THRESHOLD:
        band = (similarity - SIMILAR_TEXT_THRESHOLD) / (1 - SIMILAR_TEXT_THRESHOLD)
        return Match(
            MatchKind.SIMILAR_TEXT,
            round(0.10 + 0.30 * band, 4),
            candidate,
            (f"worded alike ({similarity:.0%})", *quantity.reasons),
        )
    return None


def _reworded_same_figure(probe, candidate, quantity) -> Match | None:
    """ "Customers without power" / "customers who lost power": what is counted is worded
    differently, with nothing in the concept tables telling it apart. It is the same figure when
    everything else agrees (the claimant, a figure within its qualifiers, the date window); a
    claimant repeating an agreeing number for one place within days is restating it. Otherwise
    the wording alone cannot say it is the same quantity, and this returns None."""
    if not (probe.has_figure and candidate.has_figure):
        return None
    claimant, claimant_reason = same_claimant(
        probe.claimant, candidate.claimant, places=(probe.place, candidate.place)
    )
    agreement = compare_figures(probe.figure, candidate.figure)
    in_window, date_factor, date_reason = _dates(probe, candidate)
    if not (claimant and agreement.agrees and in_window):
        return None
    score = 0.75 + 0.25 * agreement.closeness * quantity.score * date_factor
    reasons = (*quantity.reasons, claimant_reason, agreement.reason, date_reason)
    return Match(MatchKind.SAME_FIGURE, round(score, 4), candidate, reasons)


def _same_quantity_or_figure(probe, candidate, quantity_score, reasons) -> Match:
    claimant, claimant_reason = same_claimant(
        probe.claimant, candidate.claimant, places=(probe.place, candidate.place)
    )
    reasons = (*reasons, claimant_reason)
    figure_closeness = 0.0
    if probe.has_figure and candidate.has_figure:
        agreement = compare_figures(probe.figure, candidate.figure)
        reasons = (*reasons, agreement.reason)
        in_window, date_factor, date_reason = _dates(probe, candidate)
        reasons = (*reasons, date_reason)
        if agreement.agrees:
            figure_closeness = agreement.closeness
            if claimant and in_window:
                score = 0.75 + 0.25 * agreement.closeness * quantity_score * date_factor
                return Match(MatchKind.SAME_FIGURE, round(score, 4), candidate, reasons)
    else:
        reasons = (*reasons, "a figure is missing")
    # Same quantity: rank the same claimant and agreeing figures first, then wording.
    similarity = text_similarity(probe.statement, candidate.statement)
    closeness = 0.4 * quantity_score + 0.2 * claimant + 0.2 * figure_closeness + 0.2 * similarity
    return Match(MatchKind.SAME_QUANTITY, round(0.40 + 0.35 * closeness, 4), candidate, reasons)


def rank_matches(
    probe: ClaimFields, candidates: Iterable[ClaimFields], *, limit: int | None = None
) -> list[Match]:
    """The candidates that match `probe`, best first (by score; ties keep the candidates'
    order), at most `limit` of them (all when None). `candidates` is any iterable, e.g. a
    generator over a queryset's rows turned into ClaimFields. Raises ValueError for a
    negative limit."""
    if limit is not None and limit < 0:
        raise ValueError("limit cannot be negative")
    matches = [m for candidate in candidates if (m := classify(probe, candidate)) is not None]
    matches.sort(key=lambda m: m.score, reverse=True)
    return matches if limit is None else matches[:limit]
