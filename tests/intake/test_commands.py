"""The extract_claims and bench_intake management commands: output shape and errors."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from factcheck.intake.evaluation import evaluate, load_gold

ARTICLE = (
    "Floods kill 41\n\nAt least 41 people were killed and about 2,300 were displaced, the "
    "agency said on Tuesday.\n"
)


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_extract_claims_prints_the_drafts_as_json(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    payload = json.loads(
        run("extract_claims", str(path), "--published", "2024-03-14", "--no-claimants")
    )
    claims = payload["claims"]
    assert [c["value"] for c in claims] == [41, 41, 2300]
    first = claims[1]
    assert set(first) == {"quote", "start", "end", "statement", "claimant", "value",
                          "value_high", "qualifier", "unit", "counted", "place", "as_of",
                          "vague"}  # fmt: skip
    assert ARTICLE[first["start"] : first["end"]] == first["quote"] == "At least 41"
    assert (first["qualifier"], first["as_of"], first["value_high"]) == (
        "at_least",
        "2024-03-12",
        None,
    )
    assert claims[2]["qualifier"] == "approximately"


@pytest.mark.django_db
def test_extract_claims_matches_the_desk_claimants(tmp_path):
    from factcheck.models import Claimant

    Claimant.objects.create(name="National Disaster Agency (NDA)")
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE.replace("the agency", "the national disaster agency"), "utf-8")
    claims = json.loads(run("extract_claims", str(path)))["claims"]
    assert claims[1]["claimant"] == "National Disaster Agency (NDA)"
    assert claims[1]["as_of"] is None  # no --published: "on Tuesday" stays unresolved


def test_extract_claims_errors_are_clear(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("extract_claims", str(tmp_path / "missing.txt"), "--no-claimants")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 owners said 12 shops closed.".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run("extract_claims", str(latin), "--no-claimants")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("extract_claims", str(good), "--published", "3 March", "--no-claimants")


def test_bench_intake_prints_the_table():
    out = run("bench_intake", "--runs", "1")
    for name in ("recall", "precision", "value+qualifier", "claimant", "counted", "as_of",
                 "ms per 1,000 words", "not claims left alone", "place",
                 "place labelled on"):  # fmt: skip
        assert name in out


def test_place_is_scored_over_the_claims_labelled_with_one(tmp_path):
    (tmp_path / "a.txt").write_text(
        "In Kharkiv, 40 people were killed. Some 30 homes burned.", encoding="utf-8"
    )
    claim = {"value_high": None, "qualifier": "exact", "unit": "", "counted": "", "claimant": "",
             "as_of": "2024-05-10", "vague": False}  # fmt: skip
    claims = [
        dict(claim, quote="40 people", value="40", place="Kharkiv"),
        dict(claim, quote="Some 30", value="30", qualifier="approximately"),  # no place label
    ]
    article = {"file": "a.txt", "published": "2024-05-10", "known_claimants": [], "claims": claims}
    labels = {"articles": [article]}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    report = evaluate(load_gold(tmp_path), runs=1)
    assert (report.found, report.labelled["place"], report.score("place")) == (2, 1, 1.0)


def test_bench_intake_scores_the_seen_gold_set_beside_the_unseen_holdout():
    out = run("bench_intake", "--runs", "1")
    assert "seen: gold set" in out and "unseen: holdout set" in out
    header = next(line for line in out.splitlines() if line.startswith("metric"))
    assert header.split()[:3] == ["metric", "seen", "unseen"]
    alone = run("bench_intake", "--runs", "1", "--no-holdout")
    assert "holdout" not in alone


def test_bench_intake_refuses_a_missing_holdout_set(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the holdout set"):
        run("bench_intake", "--holdout", str(tmp_path / "nowhere"))


def test_bench_intake_refuses_a_missing_gold_set(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the gold set"):
        run("bench_intake", "--gold", str(tmp_path / Path("nowhere")))
