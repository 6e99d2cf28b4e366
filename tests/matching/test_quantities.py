"""What is counted, place and unit: factcheck.matching.quantities and units."""

from decimal import Decimal

import pytest

from factcheck.matching import ClaimFields
from factcheck.matching.quantities import (
    Relation,
    compare_quantities,
    concepts,
    counted_relation,
    place_key,
)
from factcheck.matching.units import read_unit


@pytest.mark.parametrize(
    "counted",
    [
        "civilians killed",
        "civilian deaths",
        "civilians have died",
        "Civilians who lost their lives",
        "confirmed civilian deaths",
        "CIVILIAN FATALITIES",
    ],
)
def test_civilians_killed_synonyms(counted):
    assert concepts(counted) == {"civilian", "killed"}


def test_concepts_drop_the_place_and_a_bare_people():
    assert concepts("people who have fled Ukraine", "Ukraine") == {"refugee"}
    assert concepts("people killed") == {"killed"}
    assert concepts("people") == {"person"}
    assert concepts("IDPs") == concepts("internally displaced people") == {"idp"}
    assert concepts("hospitalizations") == concepts("hospitalisations")


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("civilians killed", "civilian deaths", Relation.SAME),
        ("civillians killed", "civilians killed", Relation.SAME),  # a typo
        ("votes for William Ruto", "votes for Ruto", Relation.NARROWER),
        ("cholera cases", "suspected cholera cases", Relation.NARROWER),
        ("customers without power", "customers who lost power", Relation.REWORDED),
        ("civilians killed", "civilians wounded", Relation.DIFFERENT),
        ("civilians killed", "children killed", Relation.DIFFERENT),
        ("civilians killed", "civilians killed and wounded", Relation.DIFFERENT),
        ("journalists killed", "journalists and media workers killed", Relation.DIFFERENT),
        (
            "children vaccinated against measles",
            "children vaccinated against polio",
            Relation.DIFFERENT,
        ),  # noqa: E501
        ("votes for Raila Odinga", "votes for William Ruto", Relation.DIFFERENT),
        ("refugees", "people displaced", Relation.DIFFERENT),
        # Sea arrivals reported as landings; marchers counted as protesters.
        ("people landing on the island", "arrivals on the island", Relation.SAME),
        ("migrants who disembarked", "migrant arrivals", Relation.SAME),
        ("migrant landings", "migrants rescued at sea", Relation.DIFFERENT),
        ("people who marched", "protesters", Relation.SAME),
        ("marchers arrested", "protesters arrested", Relation.SAME),
        ("убитые мирные жители", "УБИТЫЕ МИРНЫЕ ЖИТЕЛИ", Relation.SAME),
    ],
)
def test_counted_relation(a, b, relation):
    assert counted_relation(a, b) is relation
    assert counted_relation(b, a) is relation


def test_places():
    assert place_key("Kiev") == place_key("KYIV") == "kyiv"
    assert place_key("the United Kingdom") == place_key("Britain") == place_key("U.K.")
    assert place_key("Türkiye") == place_key("Turkey")


@pytest.mark.parametrize(
    ("unit", "key", "scale"),
    [
        ("", "", 1),
        ("%", "%", 1),
        ("per cent", "%", 1),
        ("Percent", "%", 1),
        ("bn $", "usd", 10**9),
        ("billion dollars", "usd", 10**9),
        ("US$ m", "usd", 10**6),
        ("£ tn", "gbp", 10**12),
        ("ha", "km2", Decimal("0.01")),
        ("km²", "km2", 1),
        ("widgets", "widgets", 1),
    ],
)
def test_read_unit(unit, key, scale):
    assert read_unit(unit) == (key, Decimal(scale))


def claim(**fields):
    values = {"value": 1, "counted": "civilians killed", "place": "Ukraine"} | fields
    return ClaimFields.from_values(**values)


def test_compare_quantities():
    assert compare_quantities(claim(), claim(counted="civilian deaths")).agrees
    assert not compare_quantities(claim(), claim(place="Mariupol")).agrees
    assert not compare_quantities(claim(), claim(unit="%")).agrees
    assert not compare_quantities(claim(), claim(counted="")).agrees
    one_place = compare_quantities(claim(), claim(place=""))
    assert one_place.agrees
    assert one_place.score < compare_quantities(claim(), claim()).score
