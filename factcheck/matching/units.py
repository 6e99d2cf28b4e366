"""Units of figures in a comparable form: "%", "per cent" and "percent" are one unit; "bn $"
is US dollars scaled by a billion. A claim's unit is blank for a count (factcheck.models)."""

import re
from decimal import Decimal
from functools import lru_cache

from factcheck.matching.numbers import SCALES
from factcheck.text import fold

# Spellings of one unit, folded. Currencies by ISO 4217 code; "$" alone is read as US dollars,
# as news copy does unless it says otherwise.
_UNIT_SPELLINGS = {
    "%": ("%", "percent", "per cent", "pct", "percentage", "per cent of"),
    "pp": ("pp", "percentage point", "percentage points", "points", "pts"),
    "usd": ("usd", "$", "us$", "us $", "dollar", "dollars", "us dollars", "u.s. dollars"),
    "eur": ("eur", "€", "euro", "euros"),
    "gbp": ("gbp", "£", "pound", "pounds", "sterling", "pounds sterling"),
    "km2": ("km2", "sq km", "square kilometres", "square kilometers", "km^2"),
    "km": ("km", "kilometre", "kilometres", "kilometer", "kilometers"),
    "t": ("t", "tonne", "tonnes", "metric tons", "metric ton"),
    "gt": ("gt", "gigatonne", "gigatonnes"),
    "ha": ("ha", "hectare", "hectares"),
    "°c": ("°c", "degrees celsius", "degrees c", "c"),
}
# Units read as a multiple of another, so that both compare: 1 km² = 100 ha; 1 Gt = 1e9 t.
_CONVERSIONS = {"ha": ("km2", Decimal("0.01")), "gt": ("t", Decimal(10**9))}
_UNITS = {
    fold(spelling): key for key, spellings in _UNIT_SPELLINGS.items() for spelling in spellings
}
_SCALE_WORD = re.compile(r"\b(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1024)
def read_unit(unit: str) -> tuple[str, Decimal]:
    """(comparable unit, scale) for a unit as typed: "" -> ("", 1); "Per cent" -> ("%", 1);
    "bn $" or "billion dollars" -> ("usd", 1e9); "million people" -> ("people", 1e6);
    "ha" -> ("km2", 0.01). A unit it does not know is kept folded, so two identical unknown
    units still compare equal."""
    text = fold(unit)
    scale = Decimal(1)
    for word in _SCALE_WORD.findall(text):
        scale *= SCALES[word]
    text = " ".join(_SCALE_WORD.sub(" ", text).split())
    key = _UNITS.get(text, text)
    if key in _CONVERSIONS:
        key, factor = _CONVERSIONS[key]
        scale *= factor
    return key, scale
