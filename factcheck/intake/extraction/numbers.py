"""Numbers in news text: numerals, number words, scales, ranges, percentages, money, vague counts.

`find_figures(text)` returns every figure-shaped number in a sentence as a `Figure` with its
character span; whether it is a figure claim at all is decided later (see `exclusions`).

Sources of the rules: AP style (numerals with thousands commas, "1.2 million", "$3.5 billion",
"percent"), British newspaper style ("£3.5bn", "€40m", "per cent") and ISO 4217 for currency
codes. Number words go through text2num; "a dozen", "half a million" and vague counts are ours.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from factcheck.intake.extraction.wordlists import words

TOKEN = re.compile(
    r"[A-Z]{1,2}\$|[$€£¥₹]|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?|\S",
)

SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "bn": 1_000_000_000,
    "mn": 1_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
# "m" and "k" are scales only glued to a sum of money ("£40m"); alone "40m" is forty metres.
MONEY_SCALES = {"m": 1_000_000, "k": 1_000}

UNITS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen"""
)
TENS = words("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS = UNITS | TENS | words("hundred thousand million billion trillion")

CURRENCY_SIGNS = {
    "$": "USD",
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
}
CURRENCY_CODES = words("USD EUR GBP JPY CHF CNY INR AUD CAD UAH RUB SEK NOK DKK PLN")
CURRENCY_WORDS = {
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "hryvnias": "UAH",
    "roubles": "RUB",
    "rubles": "RUB",
    "yuan": "CNY",
}
MEASURES = {
    "mm": "mm",
    "millimetres": "mm",
    "millimeters": "mm",
    "cm": "cm",
    "centimetres": "cm",
    "centimeters": "cm",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "miles": "mi",
    "metres": "m",
    "meters": "m",
    "tonnes": "t",
    "tons": "t",
    "hectares": "ha",
    "acres": "acre",
    "kg": "kg",
    "litres": "l",
    "liters": "l",
    "barrels": "bbl",
    "megawatts": "MW",
    "mw": "MW",
    "gigawatts": "GW",
    "gw": "GW",
    "mph": "mph",
    "kph": "km/h",
}
# Races named by their distance: "the 400m hurdles" is metres, never 400 million hurdles.
METRE_EVENTS = words(
    """final finals race races heat heats sprint relay hurdles freestyle butterfly backstroke
    breaststroke medley dash steeplechase semi-final semifinal event record title"""
)
# A measure in a compound modifier ("a 12-kilometre stretch", "a 300-tonne barge") is the
# figure's unit; other compounds ("a 9-storey block", "a 24-hour strike") are not figures.
MEASURES_SINGULAR = {
    "millimetre": "mm", "millimeter": "mm", "centimetre": "cm", "centimeter": "cm",
    "kilometre": "km", "kilometer": "km", "km": "km", "mile": "mi", "metre": "m", "meter": "m",
    "tonne": "t", "ton": "t", "hectare": "ha", "acre": "acre", "litre": "l", "liter": "l",
    "megawatt": "MW", "gigawatt": "GW",
}  # fmt: skip
# "cubic metres", "square kilometres": the desk's symbols (factcheck.matching.units).
CUBIC_SQUARE = {
    ("cubic", "m"): "m³", ("cubic", "km"): "km³", ("square", "km"): "km²", ("square", "m"): "m²",
    ("sq", "km"): "km²", ("square", "mi"): "sq mi",
}  # fmt: skip
TEMPERATURE = {"c": "°C", "f": "°F", "celsius": "°C", "fahrenheit": "°F"}
# Fractions of a whole are filed as percentages ("a third of the voters" is 33.3 %); a share
# that does not come out whole is rounded to one decimal and marked for `approximately`.
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
FRACTION_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
ORDINAL_WORDS = words("first second third fourth last latter former other")

# Vague counts: the smallest value the words allow ("hundreds" is at least two hundred).
VAGUE_PLURALS = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
}
VAGUE_MULTIPLIERS = {"several": 3, "few": 2}


@dataclass
class Token:
    text: str
    start: int
    end: int
    low: str = field(init=False, repr=False, compare=False)  # the text in lower case

    def __post_init__(self):
        self.low = self.text.lower()  # read thousands of times a sentence: computed once


@dataclass
class Figure:
    """A number found in a sentence: `start`/`end` span it in the sentence's text (units,
    scale and currency included). `value_high` is set for ranges; `unit` is "" for a count."""

    start: int
    end: int
    value: Decimal
    value_high: Decimal | None = None
    unit: str = ""
    vague: bool = False
    words: bool = False  # spelled out ("two million"), not a numeral
    scaled: bool = False  # carries a scale ("1.2 million", "3.5bn")
    first: int = 0  # index of the first token
    last: int = 0  # index of the last token
    notes: set = field(default_factory=set)
    counted: str = ""  # filled by counted.counted_for
    qualifier: str = ""  # filled by extract
    subject: str = ""  # the noun phrase before a linking verb, for "by £96 to £2,020"


def tokenize(text):
    """Words, numerals, currency signs and single punctuation marks, as `Token`s with offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def find_figures(text, tokens=None):
    """Every number in `text` (one sentence) as a list of `Figure`, ranges merged, in order."""
    tokens = tokens if tokens is not None else tokenize(text)
    singles, index = [], 0
    # One figure per loop: the readers return the index of their last token.
    while index < len(tokens):
        figure = _figure_at(tokens, index)
        if figure is None:
            index += 1
            continue
        singles.append(figure)
        index = figure.last + 1
    figures = merge_ranges(text, tokens, singles)
    if PERCENT_TALK.search(text):
        figures = [_points(tokens, figure) for figure in figures]
    for figure in figures:
        figure.value = plain(figure.value)
        figure.value_high = plain(figure.value_high)
    return figures


PERCENT_TALK = re.compile(r"%|\bper\s?cent\b|\bturnout\b|\bshare\b|\brate\b", re.IGNORECASE)


def _points(tokens, figure):
    """ "down nearly five points" where the sentence talks of percentages: percentage points."""
    following = _next(tokens, figure.last)
    if figure.unit or figure.vague or following is None or following.low not in ("points", "point"):
        return figure
    return _extend(tokens, figure, figure.last + 1, "pp")


def plain(value):
    """Decimal('1.2E+9') or Decimal('1200000000.0') -> Decimal('1200000000'); None stays."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _figure_at(tokens, index):
    for reader in (_mixed_at, _fraction_at, _vague_at, _numeral_at, _words_at):
        figure = reader(tokens, index)
        if figure is not None:
            return _with_suffix(tokens, _and_a_half(tokens, figure))
    return None


# The part of a whole after "and" in a mixed number: "two and a half", "one and three-quarters".
VULGAR = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}


def _mixed_part(tokens, index):
    """(fraction, index of its last token) for "and a half", "and a fifth", "and
    three-quarters", "and two thirds" starting at `index` (the "and"); None when none starts
    there."""
    after = [t.low for t in tokens[index : index + 4]]
    if after[:1] != ["and"] or len(after) < 3:
        return None
    count, at = FRACTION_COUNTS.get(after[1]), 2
    if count is None:
        return None
    if count > 1 and after[2] in "-–" and len(after) > 3:
        at = 3  # "three-quarters"
    word = after[at]
    if word not in FRACTIONS or (count == 1) == word.endswith("s") and word != "quarter":
        return None
    return Decimal(count) / FRACTIONS[word], index + at


def _mixed_at(tokens, index):
    """ "one and a half million", "two and a half thousand", "3 and a half": the whole number,
    its fraction and any scale after them, as one figure (never "2" and "half thousand")."""
    token = tokens[index]
    if not token.text[0].isdigit() and token.low not in NUMBER_WORDS:
        return None  # most tokens: this reader runs on every one
    if not any(t.low == "and" for t in tokens[index + 1 : index + 8]):
        return None
    if token.text[0].isdigit():
        whole, last, spelled = parse_numeral(token.text), index, False
    else:
        words, last = _number_words(tokens, index)
        if words is None or words[-1] in SCALES:
            return None  # "a million and a half" is the scale's own (see _and_a_half)
        whole, spelled = _words_value(words), True
    if whole is None or last is None:
        return None
    part = _mixed_part(tokens, last + 1)
    if part is None:
        return None
    fraction, last = part
    value = whole + fraction
    following = _next(tokens, last)
    scaled = following is not None and following.low in SCALES
    if scaled:
        value *= SCALES[following.low]
        last += 1
    rounded = value.quantize(Decimal(1) if scaled else Decimal("0.01"))
    figure = Figure(token.start, tokens[last].end, rounded, words=spelled, scaled=scaled,
                    first=index, last=last, notes={"mixed"})  # fmt: skip
    if rounded != value:
        figure.notes.add("rounded")  # "two and a third million": about 2,333,333
    return figure


def _and_a_half(tokens, figure):
    """ "a million and a half", "2 million and a half": the scale times one and a half."""
    if not figure.scaled or figure.unit or figure.vague:
        return figure
    part = _mixed_part(tokens, figure.last + 1)
    if part is None:
        return figure
    scale = _scale_of(tokens, figure) or 1
    figure.value += part[0] * scale
    figure.last = part[1]
    figure.end = tokens[part[1]].end
    return figure


def parse_numeral(text):
    """'1,500' -> Decimal('1500'); '3.5' -> Decimal('3.5'); None when malformed ('1,50')."""
    if "," in text and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _numeral_at(tokens, index):
    currency, first = _currency_before(tokens, index)
    token = tokens[index]
    if not token.text[0].isdigit():
        return None
    value = parse_numeral(token.text)
    if value is None:
        return None
    figure = Figure(token.start, token.end, value, unit=currency or "", first=first, last=index)
    figure.start = tokens[first].start
    following = _next(tokens, index)
    if following is not None and following.start == token.end and following.text in VULGAR:
        figure.value += VULGAR[following.text]  # "2½ million"
        figure.last, figure.end = index + 1, following.end
    _apply_scale(tokens, figure, money=bool(currency))
    return figure


def _currency_before(tokens, index):
    if index == 0:
        return None, index
    before = tokens[index - 1]
    if before.end == tokens[index].start and before.text in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[before.text], index - 1
    if before.text in CURRENCY_CODES:
        return before.text, index - 1
    return None, index


def _apply_scale(tokens, figure, *, money):
    following = _next(tokens, figure.last)
    if following is None:
        return
    glued = following.start == tokens[figure.last].end
    scale = SCALES.get(following.low)
    if scale is None and money and glued:
        scale = MONEY_SCALES.get(following.low)
    if (
        scale is None
        and glued
        and following.low == "m"
        and _counts_things(tokens, figure.last + 2)
        and tokens[figure.last + 2].low not in METRE_EVENTS
    ):
        scale = 1_000_000  # "3.4m doses": a million of a plural noun, not 3.4 metres
    if scale is None or (following.low == "hundred" and not figure.words):
        return
    figure.value *= scale
    figure.scaled = True
    figure.last += 1
    figure.end = following.end


def _counts_things(tokens, index):
    """Whether the token at `index` is a plural noun ("doses", "people") a number may count."""
    if index >= len(tokens):
        return False
    low = tokens[index].low
    return (
        low.isalpha()
        and tokens[index].text.islower()
        and (low == "people" or len(low) > 3 and low.endswith("s") and not low.endswith("ss"))
    )


def _fraction_at(tokens, index):
    """ "a third of", "two-thirds of", "half of", "fell by half": a share, as a percentage."""
    low = tokens[index].low
    count, at = FRACTION_COUNTS.get(low), index + 1
    if count is not None and at + 1 < len(tokens) and tokens[at].text in "-–":
        at += 1  # "two-thirds"
    if count is None:
        count, at = 1, index
        if low != "half":
            return None
    if at >= len(tokens) or tokens[at].low not in FRACTIONS:
        return None
    word = tokens[at].low
    if count == 1 and word.endswith("s") or count > 1 and not word.endswith("s") and word != "half":
        return None
    following = [t.low for t in tokens[at + 1 : at + 4]]
    before = tokens[index - 1].low if index else ""
    scale_at = at + 3 if following[:2] in (["of", "a"], ["of", "an"]) else at + 1
    if scale_at < len(tokens) and tokens[scale_at].low in SCALES and before not in ORDINAL_WORDS:
        # "a quarter of a million", "three-quarters of a million", "a half million": a part
        # of the scale, a count, never a share
        scale = SCALES[tokens[scale_at].low]
        value = Decimal(count * scale) / FRACTIONS[word]
        figure = Figure(tokens[index].start, tokens[scale_at].end, value.to_integral_value(),
                        words=True, scaled=True, first=index, last=scale_at,
                        notes={"fraction of scale"})  # fmt: skip
        if figure.value != value:
            figure.notes.add("rounded")  # "a third of a million": about 333,333
        return figure
    following = following[:2]
    # "half of", "a third of", "by half", "half the"
    half_alone = word == "half" and (before == "by" or following[:1] in (["the"], ["its"],
                                                                         ["their"]))  # fmt: skip
    if following[:1] != ["of"] and not half_alone:
        return None
    of_a = following[:1] == ["of"] and following[1:2] in (["a"], ["an"])
    if of_a or before in ORDINAL_WORDS or before == "the":
        return None  # "a quarter of a percentage point", "the second half of the year"
    share = Decimal(100 * count) / FRACTIONS[word]
    rounded = share.quantize(Decimal("0.1"))
    figure = Figure(tokens[index].start, tokens[at].end, rounded.normalize(), unit="%",
                    words=True, first=index, last=at, notes={"fraction"})  # fmt: skip
    if rounded != share:
        figure.notes.add("rounded")
    return figure


def _words_at(tokens, index):
    start = index
    if tokens[index].low in ("a", "an", "half"):
        index += 1
        if tokens[start].low == "half" and index < len(tokens) and tokens[index].low == "a":
            index += 1
    words, last = _number_words(tokens, index)
    if words is None:
        return _dozen_at(tokens, start, index)
    if start != index and words[0] not in ("hundred", "thousand", "million", "billion"):
        return None
    value = _words_value(words, half=tokens[start].low == "half")
    lone_one = value == 1 and len(words) == 1 and start == index
    if value is None or lone_one and not _ratio_follows(tokens, last):
        return None  # lone "one" is a pronoun far more often than a figure, but "one in ten"
    figure = Figure(
        tokens[start].start, tokens[last].end, value, words=True, first=start, last=last
    )
    figure.scaled = words[-1] in ("thousand", "million", "billion", "trillion")
    return _dozen_after(tokens, figure)


def _ratio_follows(tokens, index):
    """Whether "in N" or "out of N" follows the token at `index` ("one in twenty")."""
    after = [t.low for t in tokens[index + 1 : index + 4]]
    number = after[1:2] if after[:1] == ["in"] else after[2:3] if after[:2] == ["out", "of"] else []
    return bool(number) and (number[0] in NUMBER_WORDS or number[0][:1].isdigit())


def _number_words(tokens, index):
    words, last = [], None
    while index < len(tokens):
        low = tokens[index].low
        if low in NUMBER_WORDS:
            words.append(low)
            last = index
        elif (
            low == "-"
            and words
            and _glued(tokens, index)
            or low == "and"
            and words
            and words[-1] == "hundred"
        ):
            pass
        else:
            break
        index += 1
    return (words, last) if words else (None, None)


def _words_value(words, *, half=False):
    phrase = " ".join(["one"] + words if words[0] in SCALES else words)
    try:
        value = Decimal(text2num(phrase, "en"))
    except ValueError:
        return None
    return value / 2 if half else value


def _dozen_at(tokens, start, index):
    if start != index and index < len(tokens) and tokens[index].low == "dozen":
        return Figure(
            tokens[start].start, tokens[index].end, Decimal(12), words=True, first=start, last=index
        )
    return None


def _dozen_after(tokens, figure):
    following = _next(tokens, figure.last)
    if following is not None and following.low == "dozen":
        figure.value *= 12
        figure.last += 1
        figure.end = following.end
    return figure


def _vague_at(tokens, index):
    low = tokens[index].low
    if low == "tens" and _words_follow(tokens, index, ["of", "thousands"]):
        return _vague(tokens, index, index + 2, 20_000)
    if low in VAGUE_PLURALS:
        return _vague_plural(tokens, index)
    multiplier = VAGUE_MULTIPLIERS.get(low)
    if multiplier and index + 1 < len(tokens) and tokens[index + 1].low in SCALES:
        start = index - 1 if low == "few" and index and tokens[index - 1].low == "a" else index
        if low == "few" and start == index:
            return None
        return _vague(tokens, start, index + 1, multiplier * SCALES[tokens[index + 1].low])
    return None


def _vague_plural(tokens, index):
    value = VAGUE_PLURALS[tokens[index].low]
    last = index
    # "hundreds of thousands", "dozens of millions"
    if _words_follow(tokens, index, ["of"]) and index + 2 < len(tokens):
        nested = VAGUE_PLURALS.get(tokens[index + 2].low)
        if nested and nested > value:
            value, last = value * nested // 2, index + 2
    return _vague(tokens, index, last, value)


def _vague(tokens, first, last, value):
    return Figure(
        tokens[first].start,
        tokens[last].end,
        Decimal(value),
        vague=True,
        words=True,
        first=first,
        last=last,
    )


def _with_suffix(tokens, figure):
    at = figure.last + 1
    following = tokens[at] if at < len(tokens) else None
    if following is None:
        return figure
    low = following.low
    if following.text == "%" or low in ("percent", "pc"):
        return _extend(tokens, figure, at, "%")
    if low == "per" and _words_follow(tokens, at, ["cent"]):
        return _extend(tokens, figure, at + 1, "%")
    if low == "percentage" and at + 1 < len(tokens) and tokens[at + 1].low in ("point", "points"):
        return _extend(tokens, figure, at + 1, "pp")  # the desk's unit (matching.units)
    if figure.unit or figure.vague:
        return figure
    if low in CURRENCY_WORDS:
        return _extend(tokens, figure, at, CURRENCY_WORDS[low])
    return _measure(tokens, figure, at)


def _measure(tokens, figure, at):
    """A unit of measure after the number: "80 mm", "70 km/h", "44.2C", "12-kilometre",
    "42 million cubic metres"; the figure unchanged when none follows."""
    following = tokens[at]
    low, glued = following.low, following.start == tokens[at - 1].end
    if following.text in "-–" and glued and at + 1 < len(tokens):
        word = tokens[at + 1]
        if word.start == following.end and word.low in MEASURES_SINGULAR:
            return _extend(tokens, figure, at + 1, MEASURES_SINGULAR[word.low])
        return figure
    if following.text == "°" and at + 1 < len(tokens) and tokens[at + 1].low in TEMPERATURE:
        return _extend(tokens, figure, at + 1, TEMPERATURE[tokens[at + 1].low])
    if low == "m" and glued and following.text == "m":
        return _extend(tokens, figure, at, "m")  # "a 40m wave" (a sum of money took it before)
    if low in ("c", "f") and glued and following.text.isupper():
        return _extend(tokens, figure, at, TEMPERATURE[low])  # "44.2C"
    if low in ("degrees", "degree") and at + 1 < len(tokens):
        unit = TEMPERATURE.get(tokens[at + 1].low)
        return _extend(tokens, figure, at + 1, unit) if unit else figure
    if low in ("cubic", "square", "sq") and at + 1 < len(tokens):
        unit = CUBIC_SQUARE.get((low, MEASURES.get(tokens[at + 1].low, tokens[at + 1].low)))
        return _extend(tokens, figure, at + 1, unit) if unit else figure
    if low not in MEASURES:
        return figure
    figure = _extend(tokens, figure, at, MEASURES[low])
    if figure.unit == "km" and [t.text for t in tokens[at + 1 : at + 3]] == ["/", "h"]:
        figure = _extend(tokens, figure, at + 2, "km/h")
    return figure


def _extend(tokens, figure, last, unit):
    figure.unit = unit
    figure.last = last
    figure.end = tokens[last].end
    return figure


def _next(tokens, index):
    return tokens[index + 1] if index + 1 < len(tokens) else None


def _glued(tokens, index):
    return (
        0 < index < len(tokens) - 1
        and tokens[index - 1].end == tokens[index].start
        and tokens[index].end == tokens[index + 1].start
    )


def _words_follow(tokens, index, words):
    after = [t.low for t in tokens[index + 1 : index + 1 + len(words)]]
    return after == words


# Ranges ---------------------------------------------------------------------------------------

DASHES = frozenset("-–—")
CHANGE_WORDS = words(
    """rise rises rose risen raise raised raising fall falls fell fallen grow grows grew grown
    increase increased increases decrease decreased decreases drop drops dropped cut cuts
    climb climbed climbs jump jumped jumps slip slipped slide slid up down reduce reduced
    lower lowered boost boosted ease eased eases"""
)


def merge_ranges(text, tokens, figures):
    """Join "between A and B", "from A to B", "A to B" and "A-B" into one `Figure`."""
    merged, index = [], 0
    while index < len(figures):
        low = figures[index]
        high = figures[index + 1] if index + 1 < len(figures) else None
        if high is not None and _is_ratio(tokens, low, high):
            merged.append(_ratio(tokens, low, high))
            index += 2
            continue
        if high is not None and _is_range(tokens, low, high):
            merged.append(_range(tokens, low, high))
            index += 2
            continue
        if high is not None and _is_score(tokens, low, high):
            low.notes.add("score_for")  # "passed 52-48": two figures, votes for and against
            high.notes.add("score_against")
        merged.append(low)
        index += 1
    return merged


def _is_range(tokens, low, high):
    between = [t.low for t in tokens[low.last + 1 : high.first]]
    before = tokens[low.first - 1].low if low.first else ""
    before2 = tokens[low.first - 2].low if low.first > 1 else ""
    if low.vague or high.vague or not _compatible(low, high):
        return False
    if high.value <= low.value:
        return False  # "2024-25" is a fiscal year, "by £96 to £2,020" is not a range either
    if between == ["and"]:
        return before == "between"
    if between == ["to"]:
        if before == "from":
            return before2 not in CHANGE_WORDS
        if before in CHANGE_WORDS:
            return not low.unit  # "rose 20 to 25 percent" is a range, "rose 5% to 7%" is not
        return before != "by"
    if len(between) == 1 and between[0] in DASHES:
        return not low.words and not high.words and before not in ("by",)
    return False


def _is_score(tokens, low, high):
    """ "52-48", "5-2": a tally, the larger first (a range runs low to high)."""
    between = tokens[low.last + 1 : high.first]
    numerals = not (low.words or high.words or low.unit or high.unit or low.scaled)
    glued = len(between) == 1 and between[0].start == tokens[low.last].end
    return (numerals and glued and between[0].text in DASHES and high.value < low.value
            and low.value == low.value.to_integral_value() and low.value < 1000)  # fmt: skip


def _compatible(low, high):
    units = {low.unit, high.unit} - {""}
    return len(units) <= 1


def _range(tokens, low, high):
    unit = high.unit or low.unit
    low_value = low.value
    if high.scaled and not low.scaled:
        scale = _scale_of(tokens, high)
        if scale and low.value * scale <= high.value:
            low_value = low.value * scale
    first = low.first
    return Figure(
        tokens[first].start,
        high.end,
        low_value,
        value_high=high.value,
        unit=unit,
        words=low.words and high.words,
        scaled=high.scaled,
        first=first,
        last=high.last,
    )


def _scale_of(tokens, figure):
    for token in tokens[figure.first : figure.last + 1]:
        scale = SCALES.get(token.low) or MONEY_SCALES.get(token.low)
        if scale and token.low != "hundred":
            return scale
    return None


def _is_ratio(tokens, low, high):
    """ "7 in 10", "1 in 12", "four out of five": a share, filed as a percentage."""
    between = [t.low for t in tokens[low.last + 1 : high.first]]
    plain = not (low.unit or high.unit or low.scaled or high.scaled or low.vague or high.vague)
    ratio = between in (["in"], ["out", "of"])
    return plain and ratio and 0 < low.value < high.value <= 1000


def _ratio(tokens, low, high):
    share = (low.value * 100 / high.value).quantize(Decimal("0.1")).normalize()
    return Figure(
        tokens[low.first].start,
        high.end,
        share,
        unit="%",
        first=low.first,
        last=high.last,
        notes={"ratio"},
    )
