"""The audit of new copy (published 10 May 2024, a Friday): each sentence it found drafted
wrongly, pinned with the rule that fixes it (numbers, claimants, things that are not claims,
dates, places, the demo article's repeated title)."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.intake.extraction import attribute_span, extract_claims

PUBLISHED = date(2024, 5, 10)


def drafts_of(text, **kwargs):
    found = extract_claims(text, published=kwargs.pop("published", PUBLISHED), **kwargs)
    for draft in found:
        assert text[draft.start : draft.end] == draft.quote
    return found


def one(text, **kwargs):
    found = drafts_of(text, **kwargs)
    assert len(found) == 1, [d.quote for d in found]
    return found[0]


# Numbers: a wrong value is the worst failure -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("One and a half million hectares of forest have burned.",
         "One and a half million hectares", 1_500_000, "ha"),
        ("Two and a half thousand homes were destroyed.", "Two and a half thousand", 2_500, ""),
        ("Half a million people were displaced.", "Half a million", 500_000, ""),
        ("A half million voters stayed at home.", "A half million", 500_000, ""),
        ("A quarter of a million children missed school.", "A quarter of a million", 250_000, ""),
        ("Three-quarters of a million tonnes of grain were lost.",
         "Three-quarters of a million tonnes", 750_000, "t"),
        ("1.5 million voters stayed at home.", "1.5 million", 1_500_000, ""),
        ("A million and a half people signed.", "A million and a half", 1_500_000, ""),
        ("3 and a half million doses arrived.", "3 and a half million", 3_500_000, ""),
        ("Two and three-quarter million tickets were sold.",
         "Two and three-quarter million", 2_750_000, ""),
        ("About 2½ million people voted.", "About 2½ million", 2_500_000, ""),
        ("Two and a fifth million people voted.", "Two and a fifth million", 2_200_000, ""),
    ],
)  # fmt: skip
def test_fractions_with_a_scale_are_one_figure(text, quote, value, unit):
    draft = one(text)
    assert (draft.quote, draft.value, draft.unit) == (quote, Decimal(value), unit)


def test_fractions_of_a_whole_stay_shares():
    assert (one("Three-quarters of the homes were damaged.").value, "%") == (Decimal(75), "%")
    draft = one("A half of the budget went on defence.")
    assert (draft.value, draft.unit) == (Decimal(50), "%")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A third of a million people were displaced.", 333_333),
        ("Two and a third million people were displaced.", 2_333_333),
        ("One and two-thirds million people were displaced.", 1_666_667),
    ],
)
def test_thirds_of_a_scale_are_rounded_and_say_so(text, value):
    draft = one(text)
    assert (draft.value, draft.qualifier) == (Decimal(value), "approximately")


def test_a_mixed_number_without_a_scale_is_no_count_of_years():
    assert drafts_of("The talks lasted two and a half years.") == []
    assert drafts_of("Rates rose by a quarter of a percentage point.") == []


# Claimants ------------------------------------------------------------------------------------


def test_the_government_is_a_known_government_only_when_the_article_names_it():
    known = ["Government of Ukraine", "Police"]
    assert one("The government said 400 schools had closed.", known_claimants=known).claimant == (
        "government"
    )
    text = "Fighting spread across Ukraine. The government said 400 schools had closed."
    assert one(text, known_claimants=known).claimant == "Government of Ukraine"


def test_a_quotes_speaker_comes_after_said_never_we():
    draft = one('"We have counted 73 bodies," said Dr Amina Yusuf.')
    assert (draft.value, draft.claimant) == (Decimal(73), "Amina Yusuf")
    text = '"We have counted 73 bodies," said Dr Amina Yusuf. At least 12 were buried, it said.'
    assert "We" not in [d.claimant for d in drafts_of(text)]


def test_officials_and_the_agency_are_no_unrelated_body_named_earlier():
    text = (
        "Police said on Monday they had arrested three men.\n\n"
        "Aid lorries reached the camp on Wednesday.\n\n"
        "At least 12 people were arrested, officials said. "
        "More than 30 shops were looted, the agency said."
    )
    drafts = drafts_of(text, known_claimants=["Police"])
    assert [d.claimant for d in drafts] == ["Police", "officials", ""]


def test_the_agency_is_the_agency_named_before_it():
    text = (
        "The national disaster agency said 41 people died.\n\n"
        "Aid lorries reached the camp on Wednesday.\n\n"
        "More than 30 shops were looted, the agency said."
    )
    assert [d.claimant for d in drafts_of(text)] == ["national disaster agency"] * 2


def test_officials_stand_for_the_body_named_in_the_sentence_before():
    text = "Police said 12 people were arrested. At least 30 were hurt, officials said."
    assert [d.claimant for d in drafts_of(text, known_claimants=["Police"])] == ["Police"] * 2


def test_it_is_the_last_organisation_even_in_lower_case():
    text = "The interior ministry said 120 families were evacuated. It said 300 houses flooded."
    assert [d.claimant for d in drafts_of(text)] == ["interior ministry", "interior ministry"]


def test_office_for_names_are_kept_whole():
    draft = one("Unemployment rose to 4.3%, the Office for National Statistics said.")
    assert draft.claimant == "Office for National Statistics"


def test_the_body_that_released_a_tally_is_its_source():
    text = "The tally the U.N. refugee agency released amounts to more than 2% of the population."
    draft = one(text, known_claimants=["UN refugee agency (UNHCR)"])
    assert draft.claimant == "UN refugee agency (UNHCR)"
    assert draft.counted == "share of population"


def test_a_possessive_does_not_end_what_is_counted():
    assert one("That is 2% of Ukraine’s population.").counted == "share of Ukraine’s population"


# A sentence drafted by hand --------------------------------------------------------------------


def test_a_sentence_drafted_by_hand_is_attributed_with_its_neighbours():
    text = (
        "The interior ministry said on Tuesday 120 families were evacuated. It said roads had shut."
    )
    at = text.index("It said")
    # its own "said" without a date: the publication date, as for a drafted figure
    assert attribute_span(text, at, at + 3, published=PUBLISHED) == ("interior ministry", PUBLISHED)
    continued = text.replace("It said roads had shut.", "Roads had shut.")
    at = continued.index("Roads")  # no speaker of its own: the report it continues
    assert attribute_span(continued, at, at, published=PUBLISHED) == (
        "interior ministry",
        date(2024, 5, 7),
    )
    assert attribute_span("Roads had shut.", 0, 1, published=PUBLISHED) == ("", PUBLISHED)


def test_a_sentence_drafted_by_hand_with_its_own_speaker():
    text = "Roads shut. Rescuers are overwhelmed, Mayor Ana Ruiz said on Wednesday."
    at = text.index("Rescuers")
    assert attribute_span(text, at, at, published=PUBLISHED, known_claimants=["Ana Ruiz"]) == (
        "Ana Ruiz",
        date(2024, 5, 8),
    )


# Not claims ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Call 0800 123 456 for help.",
        "Call the hotline on 020 7946 0000 at any time.",
        "Campaigners blamed 5G masts for the outage.",
        "The 9/11 attacks changed air travel.",
        "The clinic is open 24/7.",
        "The 100-metre final was cancelled.",
        "She won the 400m hurdles.",
        "The game is shown in 3D.",
    ],
)
def test_phone_numbers_codes_and_events_are_not_claims(text):
    assert drafts_of(text) == []


def test_a_model_name_is_part_of_what_is_counted():
    draft = one("The air force sent two F-16 jets.")
    assert (draft.value, draft.counted) == (Decimal(2), "F-16 jets")
    assert one("The navy sent two jets.").counted == "jets"


def test_a_small_number_listing_places_beside_a_named_place_is_left_alone():
    text = "Its forces pressed their assaults on the country's second-largest city and two ports."
    assert drafts_of(text) == []
    assert one("Residents of six villages were evacuated.").value == Decimal(6)


# Dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("Two days ago, 50 people were killed.", date(2024, 5, 8)),
        ("A week ago, 50 people were killed.", date(2024, 5, 3)),
        ("Three months ago, 50 people were killed.", date(2024, 2, 10)),
    ],
)
def test_ago_counts_back_from_publication(text, as_of):
    draft = one(text)
    assert (draft.value, draft.as_of) == (Decimal(50), as_of)


def test_a_comparison_with_years_ago_is_not_the_figures_date():
    drafts = drafts_of("Support for the plan stood at 41%, up three points on two years ago.")
    assert [d.as_of for d in drafts] == [PUBLISHED] * len(drafts)
    assert drafts[0].value == Decimal(41)


# Places ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("In Kharkiv, 40 people were killed.", "Kharkiv"),
        ("About 600 migrants arrived on Lampedusa.", "Lampedusa"),
        ("Some 2,000 people fled Kharkiv.", "Kharkiv"),
        ("At least 41 people died in northern Lorvania.", "Lorvania"),
        ("Shelling killed 14 civilians in the eastern city of Marovsk.", "Marovsk"),
        ("More than 30,000 people crossed from Valdoria into Sarn.", "Sarn"),
        ("In Kabala, health worker Joseph Otieno, 34, said his team had reached 412 families.",
         "Kabala"),
        ("About 600 migrants were rescued.", ""),
        ("In March, 40 people were killed.", ""),
    ],
)  # fmt: skip
def test_the_place_a_figure_is_about(text, place):
    assert one(text).place == place


# The demo article's repeated title -------------------------------------------------------------


def test_a_line_repeated_word_for_word_is_drafted_once():
    text = "Refugee Count Tops 1 Million\n\nRefugee Count Tops 1 Million\nMore than 1 million fled."
    assert [d.quote for d in drafts_of(text)] == ["Tops 1 Million", "More than 1 million"]
    text = "Police said 4 died.\nHospitals said 4 died elsewhere."
    assert len(drafts_of(text)) == 2  # the same figure in different text is no repeat
