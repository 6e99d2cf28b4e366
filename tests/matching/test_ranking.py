"""classify and rank_matches, and ClaimFields: factcheck.matching."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.matching import ClaimFields, MatchKind, classify, rank_matches
from factcheck.matching.ranking import DATE_WINDOW
from factcheck.models import Claim, Claimant

UN = ClaimFields.from_values(
    statement="At least 227 civilians have been killed, according to the U.N. human rights office.",
    claimant="UN human rights office",
    value=227,
    qualifier="at_least",
    counted="civilians killed",
    place="Ukraine",
    as_of="2022-03-01",
    ref=1,
)
UKRAINE = ClaimFields.from_values(
    statement="Ukraine said more than 2,000 civilians have died.",
    claimant="Government of Ukraine",
    value=2000,
    qualifier="more_than",
    counted="civilians killed",
    place="Ukraine",
    as_of="2022-03-02",
    ref=2,
)


def like(base, **changes):
    values = {
        "statement": base.statement,
        "claimant": base.claimant,
        "value": base.value,
        "value_high": base.value_high,
        "qualifier": base.qualifier,
        "unit": base.unit,
        "counted": base.counted,
        "place": base.place,
        "as_of": base.as_of,
    }
    return ClaimFields.from_values(**(values | changes))


def kind(a, b):
    match = classify(a, b)
    return match.kind if match else None


def test_the_issues_example():
    reworded = like(
        UN,
        statement="The UN says at least 227 civilians were killed",
        claimant="OHCHR",
        counted="civilian deaths",
    )
    assert kind(UN, reworded) is MatchKind.SAME_FIGURE
    assert kind(UN, UKRAINE) is MatchKind.SAME_QUANTITY


def test_same_figure_from_number_words_and_an_alias():
    a = ClaimFields.from_values(
        statement="Two million refugees have fled Ukraine, UNHCR says.",
        claimant="UNHCR",
        value="two million",
        counted="refugees",
        place="Ukraine",
        as_of="2022-03-08",
    )
    b = like(a, statement="2,000,000 refugees, the UN refugee agency said", value="2,000,000")
    b = like(b, claimant="Office of the U.N. High Commissioner for Refugees")
    assert kind(a, b) is MatchKind.SAME_FIGURE
    scaled = like(a, value="2", unit="million")
    assert kind(a, scaled) is MatchKind.SAME_FIGURE


def test_typographic_variants_and_cyrillic_case():
    a = like(UN, claimant="ООН", place="Украина", statement="ООН: не менее 227 погибших")
    b = like(a, claimant="оон", place="УКРАИНА", statement="ООН: НЕ МЕНЕЕ 227 ПОГИБШИХ")
    assert kind(a, b) is MatchKind.SAME_FIGURE
    curly = like(UN, claimant="UN human‑rights office", counted="civilians’ deaths")
    assert kind(UN, curly) is MatchKind.SAME_FIGURE


def test_date_window():
    near = like(UN, as_of=UN.as_of + DATE_WINDOW)
    far = like(UN, as_of=UN.as_of + DATE_WINDOW + DATE_WINDOW)
    undated = like(UN, as_of=None)
    assert kind(UN, near) is MatchKind.SAME_FIGURE
    assert kind(UN, far) is MatchKind.SAME_QUANTITY  # restated much later: an update
    assert kind(UN, undated) is MatchKind.SAME_FIGURE
    assert classify(UN, near).score > classify(UN, undated).score


def test_the_date_reason_reads_as_english():
    assert "as of 1 day apart" in classify(UN, like(UN, as_of="2022-03-02")).reasons
    assert "as of 2 days apart" in classify(UN, like(UN, as_of="2022-03-03")).reasons
    assert "same as-of date" in classify(UN, UN).reasons


def test_same_claimant_updated_figure_is_same_quantity():
    update = like(UN, value=364, as_of="2022-03-07", statement="At least 364 civilians killed")
    assert kind(UN, update) is MatchKind.SAME_QUANTITY


def test_different_claimant_same_number_is_same_quantity():
    assert kind(UN, like(UN, claimant="Government of Ukraine")) is MatchKind.SAME_QUANTITY


def test_a_claim_without_a_figure_can_share_the_quantity():
    assert kind(UN, like(UN, value=None, qualifier="")) is MatchKind.SAME_QUANTITY


def test_similar_text_and_none():
    wounded = like(
        UN,
        statement=UN.statement.replace("killed", "wounded").replace("227", "525"),
        counted="civilians wounded",
        value=525,
    )
    assert kind(UN, wounded) is MatchKind.SIMILAR_TEXT
    unrelated = ClaimFields.from_values(
        statement="The Security Council will meet on Friday.", claimant="United Nations"
    )
    assert classify(UN, unrelated) is None


def test_reworded_counted_is_the_same_figure_only_when_all_else_agrees():
    a = ClaimFields.from_values(
        statement="About 2.5 million customers were without power, FPL said.",
        claimant="Florida Power & Light",
        value="2.5 million",
        qualifier="approximately",
        counted="customers without power",
        place="Florida",
        as_of="2022-09-29",
    )
    b = like(
        a, claimant="FPL", value=2_600_000, qualifier="exact", counted="customers who lost power"
    )
    assert kind(a, b) is MatchKind.SAME_FIGURE
    assert kind(a, like(b, claimant="PowerOutage.us")) is not MatchKind.SAME_FIGURE
    assert kind(a, like(b, value=500_000)) is not MatchKind.SAME_FIGURE


def test_rank_matches_best_first():
    candidates = [
        UKRAINE,
        like(UN, claimant="OHCHR", ref=3),
        ClaimFields.from_values(statement="Unrelated", claimant="Someone", ref=4),
        like(UN, as_of="2022-03-03", qualifier="more_than", value=200, ref=5),
    ]
    ranked = rank_matches(UN, iter(candidates))
    assert [m.candidate.ref for m in ranked] == [3, 5, 2]
    assert [m.kind for m in ranked] == [
        MatchKind.SAME_FIGURE,
        MatchKind.SAME_FIGURE,
        MatchKind.SAME_QUANTITY,
    ]
    assert all(0 <= m.score <= 1 for m in ranked)
    assert rank_matches(UN, candidates, limit=1)[0].candidate.ref == 3
    assert rank_matches(UN, []) == []
    with pytest.raises(ValueError):
        rank_matches(UN, candidates, limit=-1)


def test_score_bands_order_kinds():
    figure = classify(UN, like(UN, claimant="OHCHR"))
    quantity = classify(UN, UKRAINE)
    assert 0.75 <= figure.score <= 1 and 0.40 <= quantity.score < 0.75
    assert figure.reasons and quantity.reasons


def test_claim_fields_from_a_claim():
    claim = Claim(
        pk=7,
        statement="s",
        claimant=Claimant(name="UNHCR"),
        value=Decimal("1000000.0000"),
        qualifier="more_than",
        counted="refugees",
        place="Ukraine",
        as_of=date(2022, 3, 2),
    )
    fields = ClaimFields.from_claim(claim)
    assert fields.claimant == "UNHCR" and fields.ref == 7
    assert fields.value == 1_000_000 and fields.value_high is None and fields.unit == ""
    assert fields == ClaimFields.from_values(
        statement="s",
        claimant="UNHCR",
        value="1 million",
        qualifier="more_than",
        counted="refugees",
        place="Ukraine",
        as_of="2022-03-02",
    )


def test_claim_fields_refuses_bad_values():
    with pytest.raises(ValueError):
        ClaimFields.from_values(value="lots")
    with pytest.raises(ValueError):
        ClaimFields.from_values(value=1, qualifier="nearly")
    with pytest.raises(ValueError):
        ClaimFields.from_values(value=3, value_high=2)
    with pytest.raises(ValueError):
        ClaimFields.from_values(value_high=2)
    with pytest.raises(ValueError):
        ClaimFields.from_values(as_of="2 March 2022")
    with pytest.raises(ValueError):
        ClaimFields.from_dict({"statment": "typo"})
    assert ClaimFields.from_values(value=5).qualifier == "exact"
