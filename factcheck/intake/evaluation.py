"""Scores the extraction engine against a gold set (tests/intake/gold by default).

Two sets are kept: the gold set (`DEFAULT_GOLD`), which the rules were written against, so its
scores are on seen text, and the holdout set (`DEFAULT_HOLDOUT`), written later without reading
the rules and never tuned to, so its scores are on unseen text. Both share the format and the
labelling conventions of tests/intake/gold/README.md.

A gold claim is found when a draft has its value and a quote overlapping the gold quote; each
draft matches one gold claim at most. Recall = found / gold claims; precision = drafts that
found a claim / all drafts. Field accuracy is over found claims: value and qualifier together,
value_high, unit, claimant, counted, as_of and vague, and place over the found claims whose
label gives one (a subset: the place named in the claim's sentence, "" when it names none).
Claimants compare ignoring case, dots, typographic apostrophes and a leading "the". `counted`
is judged leniently by head word (the main noun: "civilians" in "civilians killed", "list" in
"waiting list for treatment", "share" in "share of the vote"), since the same count is worded
in many ways; the exact wording match is reported beside it. Speed is the best of several runs,
in milliseconds per 1,000 words.
"""

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from factcheck.intake.extraction import extract_claims

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "intake" / "gold"
DEFAULT_HOLDOUT = DEFAULT_GOLD.parent / "holdout"
FIELDS = ("value+qualifier", "value_high", "unit", "claimant", "counted", "counted (exact)",
          "as_of", "vague", "place")  # fmt: skip
# Scored over the found claims whose label has the field (a subset of the sets is labelled).
PARTLY_LABELLED = ("place",)
TARGETS = {"recall": 0.95, "precision": 0.90, "value+qualifier": 0.95, "claimant": 0.85,
           "counted": 0.80, "as_of": 0.80}  # fmt: skip
PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "on",
        "for",
        "from",
        "to",
        "with",
        "without",
        "within",
        "by",
        "at",
        "per",
        "than",
        "under",
        "over",
        "who",
        "that",
        "which",
        "about",
        "against",
        "across",
        "into",
        "out",
        "or",
        "and",
    ]
)
# Participles that do not end in -ed: "posts cut", "trains run", "level seen as safe",
# "ballots cast", "children kept at home".
PARTICIPLES = frozenset(
    [
        "cast",
        "kept",
        "paid",
        "set",
        "built",
        "sold",
        "sent",
        "given",
        "taken",
        "made",
        "cut",
        "put",
        "run",
        "ran",
        "seen",
        "lost",
        "hit",
        "shut",
        "held",
        "left",
        "won",
        "spent",
        "dead",
    ]
)


@dataclass
class Article:
    """One gold article: its text, publication date, known claimants, claims, non-claims."""

    name: str
    text: str
    published: date
    known_claimants: list
    claims: list
    not_claims: list


@dataclass
class Report:
    """Counts and the errors behind them; `score(name)` gives a metric between 0 and 1."""

    gold: int = 0
    drafts: int = 0
    found: int = 0
    not_claims: int = 0
    not_claims_drafted: int = 0
    words: int = 0
    ms_per_1000_words: float = 0.0
    right: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    labelled: dict = field(default_factory=lambda: dict.fromkeys(PARTLY_LABELLED, 0))
    errors: list = field(default_factory=list)

    def score(self, name):
        if name == "recall":
            return self.found / self.gold if self.gold else 0.0
        if name == "precision":
            return self.found / self.drafts if self.drafts else 0.0
        if name in PARTLY_LABELLED:
            return self.right[name] / self.labelled[name] if self.labelled[name] else 0.0
        return self.right[name] / self.found if self.found else 0.0

    def misses_targets(self):
        """Names of the metrics below their TARGETS, as a list."""
        return [name for name, target in TARGETS.items() if self.score(name) < target]


def load_gold(directory=DEFAULT_GOLD):
    """The gold set in `directory` (labels.json and the .txt files) as a list of Article.
    Raises FileNotFoundError, ValueError (bad JSON or a quote missing from its text)."""
    directory = Path(directory)
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    articles = []
    for entry in labels["articles"]:
        text = (directory / entry["file"]).read_text(encoding="utf-8")
        for claim in entry["claims"]:
            if claim["quote"] not in text:
                raise ValueError(f"{entry['file']}: quote {claim['quote']!r} is not in the text")
        articles.append(
            Article(entry["file"], text, date.fromisoformat(entry["published"]),
                    entry["known_claimants"], entry["claims"], entry.get("not_claims", []))
        )  # fmt: skip
    return articles


def evaluate(articles, runs=3):
    """Score `extract_claims` on `articles` (list of Article); returns a Report."""
    report = Report()
    for article in articles:
        drafts = _extract(article)
        _score_article(report, article, drafts)
        report.words += len(article.text.split())
    report.ms_per_1000_words = _time_per_1000_words(articles, runs, report.words)
    return report


def _extract(article):
    return extract_claims(
        article.text, published=article.published, known_claimants=article.known_claimants
    )


def _time_per_1000_words(articles, runs, words):
    best = float("inf")
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        for article in articles:
            _extract(article)
        best = min(best, time.perf_counter() - started)
    return best * 1000 / words * 1000 if words else 0.0


def _span(text, quote):
    start = text.find(quote)
    return start, start + len(quote)


def _overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def _score_article(report, article, drafts):
    report.gold += len(article.claims)
    report.drafts += len(drafts)
    used = set()
    for claim in article.claims:
        span = _span(article.text, claim["quote"])
        value = Decimal(claim["value"])
        match = next(
            (i for i, d in enumerate(drafts)
             if i not in used and d.value == value and _overlaps(span, (d.start, d.end))),
            None,
        )  # fmt: skip
        if match is None:
            report.errors.append((article.name, "missed", claim["quote"], claim["value"], ""))
            continue
        used.add(match)
        report.found += 1
        _score_fields(report, article.name, claim, drafts[match])
    for index, draft in enumerate(drafts):
        if index not in used:
            report.errors.append((article.name, "extra", draft.quote, str(draft.value), ""))
    _score_not_claims(report, article, drafts)


def _score_fields(report, name, claim, draft):
    checks = {
        "value+qualifier": draft.qualifier == claim["qualifier"],
        "value_high": _same_number(draft.value_high, claim["value_high"]),
        "unit": draft.unit == claim["unit"],
        "claimant": normal_name(draft.claimant) == normal_name(claim["claimant"]),
        "counted": head_word(draft.counted) == head_word(claim["counted"]),
        "counted (exact)": normal_name(draft.counted) == normal_name(claim["counted"]),
        "as_of": (draft.as_of.isoformat() if draft.as_of else None) == claim["as_of"],
        "vague": draft.vague == claim["vague"],
    }
    for partly in PARTLY_LABELLED:
        if partly in claim:  # "place": the place named in the claim's sentence, "" for none
            report.labelled[partly] += 1
            checks[partly] = normal_name(getattr(draft, partly)) == normal_name(claim[partly])
    for field_name, right in checks.items():
        report.right[field_name] += right
        if not right and field_name != "counted (exact)":
            got = _field_value(draft, field_name)
            expected = _gold_value(claim, field_name)
            report.errors.append((name, field_name, claim["quote"], str(expected), str(got)))


def _field_value(draft, name):
    if name == "value+qualifier":
        return f"{draft.value} {draft.qualifier}"
    return getattr(draft, name)


def _gold_value(claim, name):
    if name == "value+qualifier":
        return f"{claim['value']} {claim['qualifier']}"
    return claim[name]


def _same_number(got, expected):
    if got is None or expected is None:
        return got is None and expected is None
    return got == Decimal(expected)


def _score_not_claims(report, article, drafts):
    for phrase in article.not_claims:
        report.not_claims += 1
        span = _span(article.text, phrase)
        if any(_overlaps(span, (d.start, d.end)) for d in drafts):
            report.not_claims_drafted += 1
            report.errors.append((article.name, "not a claim", phrase, "", ""))


def normal_name(name):
    """'The U.N. Human Rights Office' -> 'un human rights office' (for comparing names)."""
    name = (name or "").replace("’", "'").replace(".", "").lower().strip()
    name = re.sub(r"^the\s+", "", name)
    return " ".join(name.split())


def head_word(phrase):
    """The main noun of a `counted` phrase, singular: 'civilians killed' -> 'civilian',
    'flooded villages reached by boats' -> 'village', 'share of the vote' -> 'share'."""
    words = re.findall(r"[a-z0-9%&'-]+", (phrase or "").lower().replace("’", "'"))
    words = [w for w in words if w not in ("the", "a", "an")]
    for index, word in enumerate(words):
        if index > 0 and _ends_noun_phrase(word):
            words = words[:index]
            break
    return _singular(words[-1]) if words else ""


def _ends_noun_phrase(word):
    # A preposition, participle or adverb after the head noun starts its post-modifier.
    return word in PREPOSITIONS or word in PARTICIPLES or word.endswith(("ed", "ing", "ly"))


def _singular(word):
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _metric_names():
    return ("recall", "precision", *FIELDS)


def table(report):
    """The report as lines of text: metrics with their targets, then speed."""
    lines = [
        f"gold claims {report.gold}, drafts {report.drafts}, found {report.found}, "
        f"{report.words:,} words",
        f"{'metric':<22}{'score':>8}{'target':>9}",
    ]
    for name in _metric_names():
        target = TARGETS.get(name)
        mark = "" if target is None else ("  ok" if report.score(name) >= target else "  BELOW")
        target_text = f"{target:.2f}" if target is not None else "-"
        lines.append(f"{name:<22}{report.score(name):>8.3f}{target_text:>9}{mark}")
    left_alone = report.not_claims - report.not_claims_drafted
    lines.append(f"{'not claims left alone':<22}{left_alone:>5}/{report.not_claims}")
    lines.append(f"{'place labelled on':<22}{report.labelled['place']:>5}/{report.found}")
    speed = report.ms_per_1000_words
    lines.append(f"{'ms per 1,000 words':<22}{speed:>8.1f}{100:>9}" + ("  ok" if speed < 100 else
                                                                          "  OVER"))  # fmt: skip
    return lines


def comparison_table(columns):
    """Several reports side by side, as lines of text. `columns` is a list of (heading, Report),
    e.g. [("seen", gold_report), ("unseen", holdout_report)]; a column below its target is
    named at the end of the line."""
    width = max(9, *(len(heading) + 2 for heading, _ in columns))
    lines = [f"{'metric':<22}" + "".join(f"{h:>{width}}" for h, _ in columns) + f"{'target':>9}"]
    for name in _metric_names():
        target = TARGETS.get(name)
        scores = "".join(f"{report.score(name):>{width}.3f}" for _, report in columns)
        below = [h for h, report in columns if target is not None and report.score(name) < target]
        target_text = f"{target:.2f}" if target is not None else "-"
        lines.append(f"{name:<22}{scores}{target_text:>9}" + (f"  BELOW: {', '.join(below)}"
                                                              if below else ""))  # fmt: skip
    left = "".join(
        f"{f'{r.not_claims - r.not_claims_drafted}/{r.not_claims}':>{width}}" for _, r in columns
    )
    lines.append(f"{'not claims left alone':<22}{left}")
    labelled = "".join(
        f"{str(r.labelled['place']) + '/' + str(r.found):>{width}}" for _, r in columns
    )
    lines.append(f"{'place labelled on':<22}{labelled}")
    speeds = "".join(f"{r.ms_per_1000_words:>{width}.1f}" for _, r in columns)
    over = [h for h, r in columns if r.ms_per_1000_words >= 100]
    lines.append(f"{'ms per 1,000 words':<22}{speeds}{100:>9}" + (f"  OVER: {', '.join(over)}"
                                                                   if over else ""))  # fmt: skip
    return lines
