"""factcheck.text.fold: the shared comparison form of text."""

import pytest

from factcheck.text import fold


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("UN’s figure", "un's figure"),  # typographic apostrophe
        ("‘quoted’ and “double”", "'quoted' and \"double\""),
        ("«guillemets»", '"guillemets"'),
        ("2022–23 — 5−3", "2022-23 - 5-3"),  # en dash, em dash, minus sign
        ("non\u2011breaking", "non-breaking"),  # non-breaking hyphen
        ("1\u00a0000\u202f000", "1 000 000"),  # no-break and narrow no-break spaces
        ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
        ("ＵＮＨＣＲ １２", "unhcr 12"),  # full-width forms (NFKC)
        ("ﬁnance", "finance"),  # ligature
        ("STRASSE Straße", "strasse strasse"),  # full case folding
        ("УКРАЇНА Україна", "україна україна"),  # Cyrillic case
        ("ΑΘΗΝΑ", "αθηνα"),  # Greek case
        ("  many \t spaces\n\nhere  ", "many spaces here"),
        ("", ""),
    ],
)
def test_fold(typed, folded):
    assert fold(typed) == folded


def test_fold_keeps_accents_and_other_punctuation():
    assert fold("Médecins Sans Frontières (MSF), 3.5%!") == "médecins sans frontières (msf), 3.5%!"


def test_fold_is_idempotent():
    text = "The U.N.’s “figure” — ＵＫＲＡЇНА\u00a0ß"
    assert fold(fold(text)) == fold(text)


def test_fold_refuses_none():
    with pytest.raises(TypeError):
        fold(None)
