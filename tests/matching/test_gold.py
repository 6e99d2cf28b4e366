"""The gold set and the issue's targets: factcheck.matching.evaluation, bench_matching."""

import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck.matching.evaluation import (
    DEFAULT_GOLD,
    LABELS,
    TARGETS,
    evaluate,
    format_table,
    load_gold,
)
from tests.factories import ClaimFactory


@pytest.fixture(scope="module")
def pairs():
    return load_gold()


@pytest.fixture(scope="module")
def report(pairs):
    return evaluate(pairs)


def test_gold_set_is_large_varied_and_labelled(pairs):
    assert len(pairs) >= 300
    assert len({pair.id for pair in pairs}) == len(pairs)
    labels = Counter(pair.label for pair in pairs)
    assert set(labels) == set(LABELS)
    assert min(labels.values()) >= 50
    stories = {json_pair["story"] for json_pair in json.loads(DEFAULT_GOLD.read_text())["pairs"]}
    assert len(stories) >= 20
    assert {pair.split for pair in pairs} == {"dev", "holdout"}


def test_gold_set_meets_the_issues_targets(report):
    scores = report.per_kind
    assert scores["same_figure"].precision >= TARGETS[("same_figure", "precision")]
    assert scores["same_figure"].recall >= TARGETS[("same_figure", "recall")]
    assert scores["same_quantity"].recall >= TARGETS[("same_quantity", "recall")]
    assert report.misses_targets() == []


def test_precision_and_recall_count_one_vs_rest(pairs):
    few = [p for p in pairs if p.id in {"conflict-ua-01", "conflict-ua-06", "refugees-ua-10"}]
    report = evaluate(few)
    predicted = {o.pair.id: o.predicted for o in report.outcomes}
    assert predicted == {
        "conflict-ua-01": "same_figure",
        "conflict-ua-06": "same_quantity",
        "refugees-ua-10": "none",  # labelled similar_text: a miss
    }
    scores = report.per_kind
    assert (scores["same_figure"].precision, scores["same_figure"].recall) == (1.0, 1.0)
    assert scores["similar_text"].recall == 0.0 and scores["similar_text"].precision == 0.0
    assert scores["none"].precision == 0.0
    assert "3 pairs, 2 classified as labelled (67%)." in format_table(report)


def test_load_gold_refuses_unknown_labels(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"pairs": [{"id": "x", "a": {}, "b": {}, "label": "maybe"}]}))
    with pytest.raises(ValueError, match="unknown label"):
        load_gold(path)


@pytest.mark.django_db
def test_bench_matching_prints_the_table_and_the_lookup_time(report):
    out = StringIO()
    call_command("bench_matching", "--errors", stdout=out)
    assert "no claims with a figure" in out.getvalue()
    original = ClaimFactory(counted="refugees", statement="More than 1 million refugees fled.")
    ClaimFactory(claimant=original.claimant, counted="refugees", statement=original.statement)
    out = StringIO()
    call_command("bench_matching", "--errors", "--lookups", "5", stdout=out)
    text = out.getvalue()
    assert format_table(report) in text
    assert "Split: holdout" in text and "Split: dev" in text
    timing = re.search(
        r"Candidate lookup timing \((\w+), 2 claims\), 5 lookups:\n  median [\d.]+ ms, "
        r"p95 [\d.]+ ms, max [\d.]+ ms; (\d+) queries per lookup; (\d) found a same-figure",
        text,
    )
    assert timing, text
    assert int(timing[2]) >= 3 and timing[3] == "5"


def test_bench_matching_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("bench_matching", "--gold", str(tmp_path / "none.json"), stdout=StringIO())
