"""Each construction of issue 17 pinned with a sentence of its own."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.intake.extraction import extract_claims

PUBLISHED = date(2024, 3, 14)  # a Thursday


def one(text, **kwargs):
    drafts = extract_claims(text, published=kwargs.pop("published", PUBLISHED), **kwargs)
    assert len(drafts) == 1, [d.quote for d in drafts]
    draft = drafts[0]
    assert text[draft.start : draft.end] == draft.quote
    return draft


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("at least", "at_least"),
        ("more than", "more_than"),
        ("over", "more_than"),
        ("upwards of", "more_than"),
        ("nearly", "approximately"),
        ("almost", "approximately"),
        ("about", "approximately"),
        ("around", "approximately"),
        ("roughly", "approximately"),
        ("some", "approximately"),
        ("an estimated", "approximately"),
        ("approximately", "approximately"),
        ("up to", "up_to"),
        ("as many as", "up_to"),
        ("fewer than", "fewer_than"),
        ("less than", "fewer_than"),
        ("under", "fewer_than"),
        ("exactly", "exact"),
    ],
)
def test_qualifier_words(words, code):
    draft = one(f"Police said {words} 340 people were arrested.")
    assert (draft.value, draft.qualifier) == (Decimal(340), code)
    assert draft.quote == f"{words} 340"


def test_no_qualifier_is_exact_and_suffix_qualifiers():
    assert one("Police said 340 people were arrested.").qualifier == "exact"
    assert one("Police said 340 people or more were arrested.").qualifier == "exact"
    assert one("Police arrested 340 or more people.").qualifier == "at_least"


@pytest.mark.parametrize(
    "text",
    [
        "Between 1,500 and 2,000 houses were destroyed.",
        "Officials said 1,500 to 2,000 houses were destroyed.",
        "Officials said 1,500-2,000 houses were destroyed.",
        "Officials said 1,500–2,000 houses were destroyed.",
        "The number of destroyed houses rose, from 1,500 to 2,000 houses in all.",
    ],
)
def test_range_forms(text):
    draft = one(text)
    assert (draft.value, draft.value_high) == (Decimal(1500), Decimal(2000))


def test_range_shares_its_scale_and_unit():
    draft = one("The damage is put at between 1.5 and 2 million euros.")
    assert (draft.value, draft.value_high, draft.unit) == (Decimal(1_500_000), 2_000_000, "EUR")
    draft = one("Prices rose 20 to 25 percent.")
    assert (draft.value, draft.value_high, draft.unit) == (20, 25, "%")


def test_change_from_to_is_two_figures_not_a_range():
    drafts = extract_claims("Unemployment fell from 5.1% to 4.8%.", published=PUBLISHED)
    assert [(d.value, d.value_high) for d in drafts] == [
        (Decimal("5.1"), None),
        (Decimal("4.8"), None),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Two million people were displaced.", 2_000_000),
        ("Twenty-five people were displaced.", 25),
        ("A dozen people were displaced.", 12),
        ("Half a million people were displaced.", 500_000),
        ("One hundred and twenty people were displaced.", 120),
        ("1.2 million people were displaced.", 1_200_000),
        ("The bill reached $3.5bn.", 3_500_000_000),
        ("The bill reached £40m.", 40_000_000),
    ],
)
def test_number_words_and_scales(text, value):
    assert one(text).value == Decimal(value)


def test_percentages():
    for text in ("Turnout was 64.2%.", "Turnout was 64.2 percent.", "Turnout was 64.2 per cent."):
        draft = one(text)
        assert (draft.value, draft.unit, draft.counted) == (Decimal("64.2"), "%", "turnout")
    draft = one("A poll found that 7 in 10 voters opposed the plan.")
    assert (draft.value, draft.unit) == (70, "%")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The agency appealed for $86 million.", 86_000_000, "USD"),
        ("The EU pledged €25m in aid.", 25_000_000, "EUR"),
        ("The council will spend £62m on roads.", 62_000_000, "GBP"),
        ("The state released 45 million euros in aid.", 45_000_000, "EUR"),
        ("The fund holds USD 12 billion.", 12_000_000_000, "USD"),
    ],
)
def test_money_with_currency(text, value, unit):
    draft = one(text)
    assert (draft.value, draft.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hundreds of soldiers joined the effort.", 200),
        ("Dozens of people were queuing.", 24),
        ("Thousands of people were displaced.", 2_000),
        ("Tens of thousands of people marched.", 20_000),
        ("Hundreds of thousands of people fled.", 200_000),
        ("Several hundred people were evacuated.", 300),
    ],
)
def test_vague_counts(text, value):
    draft = one(text)
    assert (draft.value, draft.qualifier, draft.vague) == (Decimal(value), "at_least", True)


KNOWN = ["UN Human Rights Office (OHCHR)", "Government of Ukraine", "UK Ministry of Defence",
         "International Committee of the Red Cross (ICRC)", "Marta Kollin"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The U.N. human rights office said 227 civilians were killed.",
         "UN Human Rights Office (OHCHR)"),
        ("At least 227 civilians were killed, the U.N. human rights office said on Tuesday.",
         "UN Human Rights Office (OHCHR)"),
        ("At least 227 civilians were killed, according to the latest figures from the office "
         "of the U.N. High Commissioner for Human Rights.", "UN Human Rights Office (OHCHR)"),
        ("According to the ICRC, 40 trucks are waiting.",
         "International Committee of the Red Cross (ICRC)"),
        ("Earlier, Ukraine said more than 2,000 civilians have died.", "Government of Ukraine"),
        ("Britain's Defense Ministry said 3 bridges were destroyed.", "UK Ministry of Defence"),
        ('"It is a disaster," said Marta Kollin, adding that 14 villages were cut off.',
         "Marta Kollin"),
    ],
)  # fmt: skip
def test_attribution_forms(text, claimant):
    assert one(text, known_claimants=KNOWN).claimant == claimant


def test_attribution_to_an_unknown_body_keeps_its_name():
    assert one("The Lorvan Coast Guard said 14 boats sank.").claimant == "Lorvan Coast Guard"


def test_pronoun_and_title_resolve_to_the_person_named_earlier():
    text = (
        "Governor Marta Kollin visited the valley. She said 14 villages were cut off. "
        "Floods destroyed 300 houses, the governor told reporters."
    )
    drafts = extract_claims(text, published=PUBLISHED, known_claimants=KNOWN)
    assert [(d.value, d.claimant) for d in drafts] == [(14, "Marta Kollin"), (300, "Marta Kollin")]


def test_attribution_in_a_neighbouring_sentence():
    text = "The Lorvan Red Cross said 40 houses burned. Two children were hurt."
    drafts = extract_claims(text, published=PUBLISHED)
    assert [d.claimant for d in drafts] == ["Lorvan Red Cross", "Lorvan Red Cross"]


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("The agency said on Tuesday that 300 people were killed.", date(2024, 3, 12)),
        ("300 people were killed, the agency said Thursday.", date(2024, 3, 14)),
        ("The agency counted 300 deaths as of March 3.", date(2024, 3, 3)),
        ("The agency counted 300 deaths as of 3 March.", date(2024, 3, 3)),
        ("300 people have been killed since Feb. 24, the agency said Monday.", date(2024, 3, 11)),
        ("The agency reported 300 deaths last week.", date(2024, 3, 7)),
        ("Inflation eased to 3.1% in January.", date(2024, 1, 31)),
        ("The agency said 300 people were killed yesterday.", date(2024, 3, 13)),
        ("The agency said 300 people were killed.", PUBLISHED),
    ],
)
def test_relative_dates(text, as_of):
    assert one(text).as_of == as_of


def test_without_a_publication_date_relative_dates_stay_unresolved():
    assert one("300 people were killed, the agency said Thursday.", published=None).as_of is None


@pytest.mark.parametrize(
    "text",
    [
        "The 2019 law capped rises.",
        "A 34-year-old man was arrested.",
        "Anya Brill, 44, said the count was late.",
        "Children under five were the worst hit.",
        "The rally began at 8 p.m. and ended at 10:30.",
        "Ferro is the country's 4th president.",
        "Cases of COVID-19 rose.",
        "Leaders met at the G20 summit.",
        "Route 9 was closed.",
        "The runoff is on Sept. 24.",
        "Rain fell for three days.",
        "The union called a 24-hour strike.",
        "She walked with her two children.",
        "He would tax the 500 richest families.",
        "The two sides met.",
        "The budget for 2024-25 was approved.",
    ],
)
def test_numbers_that_are_not_claims(text):
    assert extract_claims(text, published=PUBLISHED) == []


def test_counted_with_outcome_and_another():
    drafts = extract_claims(
        "At least 227 civilians have been killed and another 525 wounded.", published=PUBLISHED
    )
    assert [(d.value, d.qualifier, d.counted) for d in drafts] == [
        (227, "at_least", "civilians killed"),
        (525, "at_least", "civilians wounded"),
    ]


def test_offsets_point_into_the_original_text():
    text = "Headline\n\nThe ministry said 12 people died.\n\nPolice said 3 were hurt."
    for draft in extract_claims(text, published=PUBLISHED):
        assert text[draft.start : draft.end] == draft.quote
        assert draft.quote in draft.statement
    with pytest.raises(TypeError):
        extract_claims(b"bytes")
