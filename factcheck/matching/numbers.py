"""Numbers as people write them: "2,000,000", "two million", "1.2 million", "3.5bn", "half a
million". Word numbers are read by the text2num library (`text_to_num`); this module adds the
forms it does not read: digits with a scale word or abbreviation, "a million" and "half a ...".
Only English number words are read; digits work in any language.
"""

import re
from decimal import Decimal, InvalidOperation

from text_to_num import alpha2digit

from factcheck.text import fold

# Scale words and the abbreviations newsrooms use (AP and Reuters style: "m", "mn", "bn", "tn";
# "k" from social media). "b" and "t" alone are too ambiguous in prose ("3.5b" is rare) and
# are read only right after a digit, as the suffixes are. Lakh and crore (South Asian English)
# are common in figures from India, Pakistan and Bangladesh.
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "lakh": 10**5,
    "lakhs": 10**5,
    "million": 10**6,
    "millions": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "crore": 10**7,
    "crores": 10**7,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
    "tn": 10**12,
}
# Single letters are read only glued to digits ("5m", "3.5b", "12k"): with a space, "5 m" is
# more often five metres. "t" is left out altogether: "3t" is three tonnes as often as not.
_GLUED_ONLY = {"k", "m", "b"}
_SCALE_WORDS = [scale for scale in SCALES if scale not in _GLUED_ONLY]
_SCALE_PATTERN = "|".join(sorted(SCALES, key=len, reverse=True))
_WORD_PATTERN = "|".join(sorted(_SCALE_WORDS, key=len, reverse=True))

# A plain number: digits with optional comma thousands separators and decimals.
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALED = re.compile(rf"(?<![\w.])({_DIGITS})(?:({_SCALE_PATTERN})| ({_WORD_PATTERN}))(?![\w])")
# "a million", "one million" is left to text2num; "half a million", "a quarter of a million".
_FRACTION_OF_SCALE = re.compile(
    rf"\b(?:(a|one) )?(half|quarter|third)(?: of)? an? ({_WORD_PATTERN})\b"
)
_A_SCALE = re.compile(rf"\ban? ({_WORD_PATTERN})\b")
# "two and a half million", "2 and a half billion": one number word or digits before it.
_AND_A_HALF = re.compile(rf"\b(\d+|[a-z]+) and a half ({_WORD_PATTERN})\b")
_FRACTIONS = {"half": Decimal("0.5"), "quarter": Decimal("0.25"), "third": Decimal(1) / 3}
_SEPARATED = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_SPACE_SEPARATED = re.compile(r"^\d{1,3}(?: \d{3})+(?:\.\d+)?$")


def _plain(number: Decimal) -> str:
    """Digits without exponent or trailing zeros: Decimal('2E+6') -> '2000000'."""
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}"


def _scaled(match: re.Match) -> str:
    digits, scale = match.group(1).replace(",", ""), match.group(2) or match.group(3)
    return _plain(Decimal(digits) * SCALES[scale])


def _and_a_half(match: re.Match) -> str:
    whole = alpha2digit(match.group(1), "en", threshold=0)
    if not whole.isdigit():
        return match.group(0)
    return _plain((Decimal(whole) + Decimal("0.5")) * SCALES[match.group(2)])


def _fraction(match: re.Match) -> str:
    return _plain(_FRACTIONS[match.group(2)] * SCALES[match.group(3)])


def digitise(text: str) -> str:
    """`text` folded (factcheck.text.fold) with every number it can read written as plain
    digits: "More than two million" -> "more than 2000000", "3.5bn" -> "3500000000",
    "2,000,000" -> "2000000", "1.2 million" -> "1200000". Words that are not numbers are kept.
    Numbers that are part of a larger word ("covid-19") are left alone."""
    text = fold(text)
    text = _SEPARATED.sub(lambda m: m.group(0).replace(",", ""), text)
    text = _FRACTION_OF_SCALE.sub(_fraction, text)
    text = _AND_A_HALF.sub(_and_a_half, text)
    text = _A_SCALE.sub(lambda m: _plain(Decimal(SCALES[m.group(1)])), text)
    # Word numbers first ("two million" -> "2000000"; text2num leaves "1.2 million" as
    # "1.2 1000000", so digits-with-scale are read before it sees them).
    text = _SCALED.sub(_scaled, text)
    text = alpha2digit(text, "en")
    return _SCALED.sub(_scaled, text)


def parse_number(text: str | int | float | Decimal) -> Decimal:
    """One number, written in any of the forms `digitise` reads, as a Decimal.

    Accepts an int, float (via its shortest repr), Decimal, or a string such as "2,000,000",
    "2 000 000", "two million", "1.2 million", "3.5bn", "half a million". Raises ValueError when
    the string is not exactly one number (empty, words, two numbers, a range like "200-300").
    """
    if isinstance(text, Decimal):
        return text
    if isinstance(text, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(text, int | float):
        return Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
    folded = fold(text)
    if _SPACE_SEPARATED.match(folded):
        # "2 000 000": a space (after fold: any no-break or thin space) as thousands separator,
        # the SI and many European newsrooms' style. Read only when it is the whole string.
        folded = folded.replace(" ", "")
    # threshold=0: alone, "one" or "two" is a number (in prose text2num leaves small numbers
    # as words, since "one of them" is seldom a figure).
    digits = alpha2digit(digitise(folded), "en", threshold=0)
    try:
        return Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"not one number: {text!r}") from None
