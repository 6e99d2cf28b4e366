"""Figure-aware claim matching (issue 18): "has this been checked already?".

The public API: `ClaimFields` (a claim's fields as plain values), `classify(probe, candidate)`
-> `Match | None` and `rank_matches(probe, candidates)` -> `list[Match]`, best first. The
modules: intervals (figure agreement under qualifiers), aliases (claimants), quantities (what
is counted, place, unit), units, numbers (number words and scales), text_similarity, ranking,
evaluation (precision and recall on the gold set).
"""

from factcheck.matching.fields import ClaimFields
from factcheck.matching.ranking import Match, MatchKind, classify, rank_matches

__all__ = ["ClaimFields", "Match", "MatchKind", "classify", "rank_matches"]
