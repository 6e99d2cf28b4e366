"""Claimant names: factcheck.matching.aliases."""

import pytest

from factcheck.matching.aliases import acronyms, name_key, same_claimant


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        # The example: one agency under three names.
        ("UNHCR", "UN refugee agency", "known aliases"),
        ("UNHCR", "Office of the UN High Commissioner for Refugees", "known aliases"),
        ("UN refugee agency", "Office of the UN High Commissioner for Refugees", "known aliases"),
        # Normalisation: dotted acronyms, "United Nations", "the", case, word order.
        ("U.N.", "United Nations", "same claimant"),
        ("the UN", "UN", "same claimant"),
        ("Ukrainian government", "Government of Ukraine", "same claimant"),
        ("Ukraine's health ministry", "Ministry of Health of Ukraine", "same claimant"),
        ("Russian Ministry of Defense", "Russia’s defence ministry", "same claimant"),
        (
            "Independent Electoral & Boundaries Commission",
            "Independent Electoral and Boundaries Commission",
            "same claimant",
        ),  # noqa: E501
        # Acronyms from initials.
        ("IEBC", "Independent Electoral and Boundaries Commission", "acronym"),
        ("FPL", "Florida Power & Light", "acronym"),
        ("MoH", "Ministry of Health", "acronym"),
        # Speakers and generic words.
        ("UNHCR spokeswoman", "UNHCR", "same claimant"),
        ("Taliban administration", "the Taliban", "same claimant"),
        ("Georgian interior ministry", "Ministry of Internal Affairs of Georgia", "same claimant"),
        # Spelling variants.
        ("World Health Organization", "World Health Organisation", "same claimant"),
        ("World Helath Organisation", "World Health Organisation", "same name, spelt differently"),
        # Cyrillic, in any case.
        ("ООН", "оон", "same claimant"),
        (
            "ХАРЬКОВСКАЯ ОБЛАСТНАЯ АДМИНИСТРАЦИЯ",
            "Харьковская областная администрация",
            "same claimant",
        ),  # noqa: E501
    ],
)
def test_same_claimant(a, b, why):
    assert same_claimant(a, b) == (True, why)
    assert same_claimant(b, a)[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UNHCR", "UNICEF"),
        ("Government of Ukraine", "Government of Uganda"),
        ("Ukraine's health ministry", "Ukraine's defence ministry"),
        ("Government of Pakistan", "National Disaster Management Authority"),
        ("UK government", "Home Office"),
        ("Save the Children", "Save the Children UK"),
        ("", "UNHCR"),
        ("", ""),
    ],
)
def test_different_claimants(a, b):
    assert not same_claimant(a, b)[0]


def test_a_bracketed_acronym_is_an_alias():
    assert same_claimant("NDMA", "National Disaster Management Authority (NDMA)")[0]
    assert same_claimant("National Disaster Management Authority (NDMA)", "NDMA")[0]
    assert same_claimant("Ministry of Health (Malawi)", "Malawi Ministry of Health")[0]


def test_the_claims_country_may_be_left_implicit():
    assert not same_claimant("Nigerian health ministry", "Federal Ministry of Health")[0]
    assert same_claimant(
        "Nigerian health ministry", "Federal Ministry of Health", places=["Nigeria"]
    ) == (True, "same claimant, the country left implicit")
    # Only the place's own words are dropped.
    assert not same_claimant("Ukraine", "Russia", places=["Ukraine"])[0]


def test_name_key_and_acronyms():
    assert name_key("Office of the U.N. High Commissioner for Refugees") == {
        "un",
        "high",
        "commissioner",
        "refugees",
    }
    assert "unhcr" in acronyms("Office of the UN High Commissioner for Refugees")
    assert acronyms("Ministry of Health") == {"mh", "moh"}
    assert acronyms("UNHCR") == frozenset()
