"""Numbers that are not figure claims: years, dates, times, ages, ordinals, durations, names
with digits ("COVID-19", "G20", "Route 9"), compound modifiers ("a 24-hour strike"), personal
details ("her two children") and groups named by a number ("the 500 richest families").

`reason_to_skip(...)` says why a number is left alone, or None for a figure claim. The rules
follow AP style: ages as numerals after a name ("Jane Doe, 34,"), years without a comma,
times with a.m./p.m.
"""

import functools
import re

from factcheck.intake.extraction.numbers import METRE_EVENTS
from factcheck.intake.extraction.wordlists import words

TIME_WORDS = words(
    """second seconds minute minutes hour hours day days week weeks month months year years
    decade decades century centuries weekend weekends night nights"""
)
# Capitalised words that make the number after them part of a name ("Route 9", "Line 14").
NAME_WORDS = words(
    """route highway interstate flight article chapter section resolution category level phase
    stage room gate platform line terminal ward no number proposition prop amendment title
    district precinct unit block building pier grade class type model version apollo boeing
    airbus windows bus channel division battalion brigade regiment squadron track exit
    junction lot page paragraph clause rule bill series season episode vol volume game lane"""
)
POSSESSIVES = words("her his their my our your")
AUXILIARIES = words("are were have had is was will would could did do")
AGE_WORDS = words("aged age ages")
GROUPS = words("teams groups pairs batches shifts squads units rows waves convoys bundles packs")
AGE_GROUPS = words("children child pupils people adults babies infants kids those")
TIME_SUFFIX = re.compile(r"\s*(?:[ap]\.?\s?m\b\.?|GMT|BST|UTC|o['’]clock|hrs\b|local time)", re.I)
YEAR = re.compile(r"(?:1[89]|20)\d\d")
# Telephone numbers: a trunk prefix ("0800 123 456", "020 7946 0000", "+44 20 7946 0000"), or
# digit groups after a word that asks for a call ("Call 112", "hotline 116 123").
PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?\(?\d{1,4}\)?|\(?\b0\d{2,4}\)?)(?:[\s.-]\d{2,4}){1,4}\b"
    r"|\b(?:call|dial|phone|ring|text|tel|telephone|hotline|helpline|freephone)\b[:.]?\s+"
    r"(?:on\s+)?\+?\d[\d\s-]*\d\b",
    re.IGNORECASE,
)
# Events named by a distance ("the 100-metre final", "the 400m hurdles"), not measures.
EVENT_WORDS = METRE_EVENTS


def reason_to_skip(text, tokens, figure, dates, *, qualified):
    """Why the number `figure` (a numbers.Figure) in sentence `text` is not a figure claim,
    as a short word ("year", "age", ...), or None when it is one. `tokens` are the sentence's
    tokens, `dates` its dates.DateMention list, `qualified` whether a qualifier precedes it."""
    if any(d.start <= figure.start < d.end or figure.start <= d.start < figure.end for d in dates):
        return "date"
    if _phone(text, figure):
        return "phone"
    rules = (_time, _year, _ordinal, _name, _code, _event, _age, _modifier, _duration,
             _personal, _group, _listed_places)  # fmt: skip
    for rule in rules:
        reason = rule(text, tokens, figure, qualified)
        if reason:
            return reason
    return None


def _before(tokens, figure, back=1):
    index = figure.first - back
    return tokens[index] if index >= 0 else None


def _after(tokens, figure, ahead=1):
    index = figure.last + ahead
    return tokens[index] if index < len(tokens) else None


def _glued(left, right):
    return left is not None and right is not None and left.end == right.start


def _plain(figure):
    return not (figure.unit or figure.vague or figure.scaled or figure.value_high is not None)


def _time(text, tokens, figure, qualified):
    after = _after(tokens, figure)
    if after is not None and after.text == ":" and _glued(tokens[figure.last], after):
        return "time"
    before = _before(tokens, figure)
    if before is not None and before.text == ":" and _glued(before, tokens[figure.first]):
        return "time"  # the minutes of "10:30"
    if _plain(figure) and TIME_SUFFIX.match(text, figure.end):
        return "time"
    return None


def _year(text, tokens, figure, qualified):
    number = text[figure.start : figure.end]
    if _plain(figure) and YEAR.fullmatch(number) and not qualified:
        return "year"
    before, before2 = _before(tokens, figure), _before(tokens, figure, 2)
    # "2024-25": the second half of a fiscal or season year.
    if before is not None and before.text in "-–/" and before2 and YEAR.fullmatch(before2.text):
        return "year"
    return None


def _ordinal(text, tokens, figure, qualified):
    after = _after(tokens, figure)
    if _glued(tokens[figure.last], after) and after.low in ("st", "nd", "rd", "th"):
        return "ordinal"
    return None


def _name(text, tokens, figure, qualified):
    before = _before(tokens, figure)
    if before is None or figure.unit:
        return None
    if _glued(before, tokens[figure.first]) and before.text[0].isalpha():
        return "name"  # "G20", "A1"
    if before.text in "-–" and _glued(before, tokens[figure.first]):
        word = _before(tokens, figure, 2)
        if _glued(word, before) and word.text[0].isalpha():
            return "name"  # "COVID-19", "F-16"
    if before.text == "." and (_before(tokens, figure, 2) or before).low == "no":
        return "name"  # "No. 12"
    if before.text[0].isupper() and before.low in NAME_WORDS:
        return "name"
    return None


def _phone(text, figure):
    return any(start <= figure.start and figure.end <= end for start, end in _phones(text))


@functools.lru_cache(maxsize=64)
def _phones(text):
    """The spans of the telephone numbers in sentence `text`, read once for all its figures."""
    return tuple((m.start(), m.end() + 1) for m in PHONE.finditer(text))


def _code(text, tokens, figure, qualified):
    """Names and codes written with digits: "5G", "3D", "4x4" (a capital or an x glued after
    the number), "9/11", "24/7" (two numbers around a slash)."""
    after, before = _after(tokens, figure), _before(tokens, figure)
    last = tokens[figure.last]
    if not figure.unit and _glued(last, after) and after.text[0].isalpha():
        following = _after(tokens, figure, 2)
        if after.text[0].isupper() or after.low == "x" and _glued(after, following):
            return "name"
    if _glued(last, after) and after.text == "/":
        following = _after(tokens, figure, 2)
        if _glued(after, following) and following.text[0].isdigit():
            return "name"
    if _glued(before, tokens[figure.first]) and before.text == "/":
        earlier = _before(tokens, figure, 2)
        if _glued(earlier, before) and earlier.text[0].isdigit():
            return "name"
    return None


def _event(text, tokens, figure, qualified):
    after = _after(tokens, figure)
    if figure.unit in ("m", "km", "mi") and after is not None and after.low in EVENT_WORDS:
        return "event"  # "the 100-metre final", "the 400m hurdles", "a 10km race"
    return None


# Places a small number lists beside a place named before it ("the country's second-largest
# city and two strategic seaports", "Kharkiv and two ports"): where something happened, which
# the article names rather than counts.
PLACE_PLURALS = words(
    """cities towns villages ports seaports harbours harbors airports capitals provinces regions
    islands districts"""
)
PLACE_SINGULARS = words(
    """city town village port seaport harbour harbor airport capital province region island
    district"""
)


def _listed_places(text, tokens, figure, qualified):
    if qualified or not figure.words or not _plain(figure) or figure.value > 9:
        return None
    before, conjunct = _before(tokens, figure), _before(tokens, figure, 2)
    if before is None or before.low not in ("and", "or") or conjunct is None:
        return None
    named = conjunct.low in PLACE_SINGULARS or conjunct.text[:1].isupper() and conjunct.start
    nouns = [t.low for t in tokens[figure.last + 1 : figure.last + 4]]
    if named and any(noun in PLACE_PLURALS for noun in nouns):
        return "listed places"
    return None


def _age(text, tokens, figure, qualified):
    if figure.unit or figure.vague or figure.scaled:
        return None
    before, before2 = _before(tokens, figure), _before(tokens, figure, 2)
    if before is not None and before.low in AGE_WORDS:
        return "age"
    before3 = _before(tokens, figure, 3)
    near = {t.low for t in (before2, before3) if t is not None}
    if before is not None and before.low in ("of", "from", "to") and near & AGE_WORDS:
        return "age"  # "the age of 18", "retirement age from 62 to 64"
    under = before is not None and before.low in ("under", "over")
    if under and before2 is not None and before2.low in AGE_GROUPS:
        return "age"  # "children under five"
    after = _after(tokens, figure)
    if before is not None and before.text == "," and after is not None and after.text == ",":
        verb = _after(tokens, figure, 2)
        named = before2 is not None and before2.text[:1].isupper()
        if (named or verb is not None and verb.low in ("said", "says", "told")) and (
            figure.value < 120
        ):
            return "age"  # AP style: "Anya Brill, 44, said", "The governor, 47, said"
    closing = after is None or after.text in ".;)" and _after(tokens, figure, 2) is None
    comma = before is not None and before.text == ","
    if comma and closing and figure.value < 120 and _is_name(tokens, figure.first - 2):
        return "age"  # '..., said the union's leader, Dev Okafor, 51.'
    return None


def _is_name(tokens, index):
    """Whether the tokens ending at `index` are a person's name: two or three capitalised words
    after a comma, a verb of saying or a title."""
    words = []
    while index >= 0 and tokens[index].text[:1].isupper() and tokens[index].text.isalpha():
        words.insert(0, tokens[index])
        index -= 1
    return 2 <= len(words) <= 3 and index >= 0 and not tokens[index].text[:1].isdigit()


def _modifier(text, tokens, figure, qualified):
    after, word = _after(tokens, figure), _after(tokens, figure, 2)
    if after is None or after.text not in "-–" or not _glued(tokens[figure.last], after):
        return None
    compound = word is not None and _glued(after, word) and word.text[0].isalpha()
    if compound and word.low not in ("plus", "strong"):
        return "modifier"  # "24-hour", "9-storey", "34-year-old", "five-year-olds"
    return None


def _duration(text, tokens, figure, qualified):
    after = _after(tokens, figure)
    if _plain(figure) and after is not None and after.low in TIME_WORDS:
        return "duration"
    return None


def _personal(text, tokens, figure, qualified):
    before = _before(tokens, figure)
    if before is not None and before.low in POSSESSIVES and figure.value < 10:
        return "personal"
    return _distributive(tokens, figure)


def _distributive(tokens, figure):
    # "working in teams of two", "split into groups of 50": how they are grouped, not a count.
    before, noun, lead = (_before(tokens, figure, back) for back in (1, 2, 3))
    if not _plain(figure) or before is None or before.low != "of" or noun is None:
        return None
    if lead is not None and lead.low in ("in", "into") and noun.low in GROUPS:
        return "grouping"
    return None


def _group(text, tokens, figure, qualified):
    before, after = _before(tokens, figure), _after(tokens, figure)
    if before is None or before.low not in ("the", "both") or after is None:
        return None
    if len(after.low) > 5 and after.low.endswith("est"):
        return "group"  # "the 500 richest families" names a group, it does not count one
    if figure.words and (after.low in AUXILIARIES or after.text in ",.;" or after.low == "sides"):
        return "pronoun"  # "the two are likely to face a runoff"
    return None
