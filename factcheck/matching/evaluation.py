"""Precision and recall of `classify` per kind on a labelled gold set.

The gold set (tests/matching/gold/pairs.json) is a JSON object whose "pairs" are
``{"id", "story", "a", "b", "label", "note", "split"}``: two claims as ClaimFields fields and the
kind a careful editor gives the pair (same_figure, same_quantity, similar_text or "none").
"split" is "dev" for the pairs the rules were developed against and "holdout" for pairs
written after the rules were frozen: the holdout's numbers are the honest estimate on new
wording, the dev set's are flattered by tuning. Each pair is classified with `a` as the probe
and `b` as the candidate.

Per kind: precision = pairs predicted and labelled that kind / pairs predicted that kind;
recall = the same / pairs labelled that kind (the usual one-vs-rest reading of a multi-class
confusion matrix). A kind never predicted has precision 1.0 by convention when nothing of it is
labelled either, else 0.0, so that an empty column never hides a miss.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from factcheck.matching.fields import ClaimFields
from factcheck.matching.ranking import MatchKind, classify

NONE = "none"
LABELS = (*(kind.value for kind in MatchKind), NONE)
# The targets (issue 18).
TARGETS = {
    ("same_figure", "precision"): 0.95,
    ("same_figure", "recall"): 0.90,
    ("same_quantity", "recall"): 0.85,
}
DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "matching" / "gold" / "pairs.json"


@dataclass(frozen=True)
class GoldPair:
    id: str
    a: ClaimFields
    b: ClaimFields
    label: str
    note: str = ""
    split: str = "dev"


@dataclass(frozen=True)
class Outcome:
    pair: GoldPair
    predicted: str
    score: float

    @property
    def correct(self) -> bool:
        return self.predicted == self.pair.label


@dataclass(frozen=True)
class KindScore:
    kind: str
    labelled: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        if not self.predicted:
            return 1.0 if not self.labelled else 0.0
        return self.correct / self.predicted

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    @property
    def per_kind(self) -> dict[str, KindScore]:
        labelled = Counter(o.pair.label for o in self.outcomes)
        predicted = Counter(o.predicted for o in self.outcomes)
        correct = Counter(o.predicted for o in self.outcomes if o.correct)
        return {k: KindScore(k, labelled[k], predicted[k], correct[k]) for k in LABELS}

    @property
    def confusion(self) -> Counter:
        """(label, predicted) -> number of pairs."""
        return Counter((o.pair.label, o.predicted) for o in self.outcomes)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    def misses_targets(self) -> list[str]:
        """The targets in TARGETS this report falls short of, as "same_figure recall 0.88 <
        0.90"; empty when all are met."""
        missed = []
        for (kind, measure), target in TARGETS.items():
            got = getattr(self.per_kind[kind], measure)
            if got < target:
                missed.append(f"{kind} {measure} {got:.2f} < {target:.2f}")
        return missed


def load_gold(path: str | Path = DEFAULT_GOLD) -> list[GoldPair]:
    """The pairs of a gold-set file. Raises ValueError for an unknown label or claim field,
    OSError / json.JSONDecodeError for an unreadable file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pairs = []
    for entry in data["pairs"]:
        if entry["label"] not in LABELS:
            raise ValueError(f"{entry['id']}: unknown label {entry['label']!r}")
        pairs.append(
            GoldPair(
                id=entry["id"],
                a=ClaimFields.from_dict(entry["a"]),
                b=ClaimFields.from_dict(entry["b"]),
                label=entry["label"],
                note=entry.get("note", ""),
                split=entry.get("split", "dev"),
            )
        )
    return pairs


def evaluate(pairs: Iterable[GoldPair]) -> Report:
    """Classify every pair (a as probe, b as candidate) and keep what came out."""
    outcomes = []
    for pair in pairs:
        match = classify(pair.a, pair.b)
        predicted = match.kind.value if match else NONE
        outcomes.append(Outcome(pair, predicted, match.score if match else 0.0))
    return Report(tuple(outcomes))


def format_table(report: Report) -> str:
    """The per-kind table as plain text, targets marked, e.g.::

    kind           labelled  predicted  correct  precision  recall
    same_figure         116        110      108       0.98    0.93
    """
    lines = [
        f"{'kind':<14} {'labelled':>8} {'predicted':>9} {'correct':>7} {'precision':>9} "
        f"{'recall':>6}"
    ]
    for kind, score in report.per_kind.items():
        lines.append(
            f"{kind:<14} {score.labelled:>8} {score.predicted:>9} {score.correct:>7} "
            f"{score.precision:>9.2f} {score.recall:>6.2f}"
        )
    total = len(report.outcomes)
    right = sum(o.correct for o in report.outcomes)
    lines.append(f"{total} pairs, {right} classified as labelled ({right / total:.0%}).")
    targets = ", ".join(f"{k} {m} >= {t:.2f}" for (k, m), t in TARGETS.items())
    missed = report.misses_targets()
    lines.append(
        f"Targets ({targets}): " + ("met." if not missed else "MISSED: " + "; ".join(missed))
    )
    return "\n".join(lines)
