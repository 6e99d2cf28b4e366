"""What a figure counts ("civilians killed", "share of the vote", "council budget") and where.

Rules, in order: "magnitude N"; "a city of N" (residents); "built for N" (capacity); "the
number of X ... N" and "death toll ... N"; "N of the M things" (N counts the things too); a
share "N% of X"; a noun phrase right after the number ("227 civilians", with an outcome after
it: "have been killed"); "<noun> of N" ("a budget of £1.2bn"); "N in aid", "spend N on X";
the subject before a linking verb ("Unemployment stood at 4.6%"); then the previous figure's
count ("48.7% of the vote and ... 46.1%", "another 525 wounded"). Without a part-of-speech
tagger, word lists stand in for grammar; they are data below.
"""

import functools
import re

from factcheck.intake.extraction.dates import MONTHS, WEEKDAYS
from factcheck.intake.extraction.wordlists import words

DATE_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | words("last next year years week weeks month months today yesterday quarter overnight")
)
STOP = (
    words(
        """a an the and or but of in on at to for from by with without within as than that which
    who whom whose this these those there here it its their his her our your my is are was
    were be been being have has had will would could can may might must should do does did
    not no so if when while after before since during into onto over under about around up
    down out off per each every said says say told according also only still just more most
    other another some such very all both either neither nearly almost where what how why
    whether then across against"""
    )
    | DATE_WORDS
)
# Outcome words after a counted noun, and the participle the desk files them under: the tracker
# counts "civilians killed" whether the story says killed, died or dead.
OUTCOMES = {
    "killed": "killed", "died": "killed", "dead": "killed", "drowned": "drowned",
    "wounded": "wounded", "injured": "injured", "hurt": "injured", "missing": "missing",
    "displaced": "displaced", "arrested": "arrested", "detained": "detained",
    "evacuated": "evacuated", "rescued": "rescued", "destroyed": "destroyed",
    "damaged": "damaged", "fled": "fled", "stranded": "stranded", "infected": "infected",
    "registered": "registered", "treated": "treated",
}  # fmt: skip
# Verbs before the number that say what happened to what it counts ("killing 12 people").
VERBS_BEFORE = {
    "kill": "killed", "kills": "killed", "killed": "killed", "killing": "killed",
    "wounding": "wounded", "injuring": "injured", "displacing": "displaced",
    "infecting": "infected", "rescued": "rescued", "arrested": "arrested",
}  # fmt: skip
LINKS = words(
    """is are was were be been has have had will would could stood stand stands at to by
    reached reach reaches hit hits rose rise rises risen fell fall falls fallen grew grow
    grows eased ease eases climbed climbs jumped dropped averaged held up down a record
    higher lower totalled totaled amounted amount earned earns edged slipped remained
    remains put from top tops topped climb"""
)
QUALIFIER_WORDS = words(
    """about some roughly nearly almost around than least at over under estimated more fewer
    less up to between an as many much just only high"""
)
# Units that measure an area: what they count is the area ("12,000 hectares burned").
AREAS = frozenset(["ha", "acre", "km²", "sq mi"])
AREA_OUTCOMES = words("burned burnt burns burn flooded destroyed affected scorched damaged")
DIMENSIONS = {"long": "length", "wide": "width", "high": "height", "tall": "height",
              "deep": "depth", "thick": "thickness"}  # fmt: skip
CAPACITY_WORDS = words("room space capacity beds places")
# Verbs of losing before "N% of X": a fall in X ("lost 14.5 per cent of their pay").
LOSSES = words("lost lose loses losing shed")
# Verbs right after a share: who the share are ("58% supported the strike").
SHARE_VERBS = words(
    """said say says supported support supports backed back backs opposed oppose opposes
    want wanted wants favour favoured favor favored approve approved think thought believe
    believed voted agreed disagreed refused"""
)
VOTE_WORDS = words("vote votes voted voting ballot elected passed approved rejected motion bill")
RISES = words("rose rise rises risen up climbed climbs jumped raising increasing")
FALLS = words("fell fall falls fallen down dropped eased ease eases slipped cutting")
GROWTH = words("grew grow grows")
PLACE_NOUNS = words("city town village country island capital province region")
# Verbs before a sum of money, and the noun the desk files the sum under.
MONEY_VERBS = {
    "spend": "spending", "spent": "spending", "spending": "spending", "earned": "pay",
    "earns": "pay", "cost": "cost", "costs": "cost", "save": "savings", "saves": "savings",
    "investing": "investment", "invest": "investment", "appealed": "appeal", "raise": "raised",
}  # fmt: skip
RENAMES = {"rain": "rainfall", "snow": "snowfall", "unemployment": "unemployment rate"}
UNCOUNTABLE_S = words("measles mumps news series species diabetes")
BREAKS = frozenset(',;:—–()"“”')


def counted_for(tokens, figure, previous=None):
    """What `figure` (numbers.Figure) counts in its sentence (`tokens`, numbers.Token list), as
    a short phrase, "" when nothing fits. `previous` is the sentence's previous Figure with its
    `counted`, for "another 525 wounded" and "46.1%" after "48.7% of the vote"."""
    for rule in (_special, _measured, _number_of):
        found = rule(tokens, figure, previous)
        if found:
            return found
    if figure.unit in ("%", "pp"):
        return _share(tokens, figure, previous)
    for rule in (_of_the, _noun_after, _noun_of, _money_in, _subject):
        found = rule(tokens, figure, previous)
        if found:
            return RENAMES.get(found, found)
    return _inherit(previous, figure)


def _low(tokens, index):
    return tokens[index].low if 0 <= index < len(tokens) else ""


def _special(tokens, figure, previous):
    if _low(tokens, figure.first - 1) == "magnitude":
        return "magnitude"
    if _low(tokens, figure.first - 1) == "for" and _low(tokens, figure.first - 2) == "built":
        return "capacity"
    if _low(tokens, figure.first - 1) in ("for", "of") and (
        _low(tokens, figure.first - 2) in CAPACITY_WORDS
    ):
        return "capacity"  # "room for 600 people", "a capacity of 1,200"
    tally = "score_for" in figure.notes or "score_against" in figure.notes
    if tally and any(t.low in VOTE_WORDS for t in tokens):
        return "votes for" if "score_for" in figure.notes else "votes against"
    noun = _noun_of(tokens, figure, previous)
    if noun and noun.split()[-1] in PLACE_NOUNS:
        return "residents"  # "a city of about 1.5 million people"
    return ""


def _measured(tokens, figure, previous):
    """Measures: a temperature, an area ("12,000 hectares burned": area burned), a dimension
    ("294 metres long": length), or the stuff weighed ("300 tonnes of fuel oil")."""
    unit = figure.unit
    if unit in ("°C", "°F"):
        return "temperature"
    if unit in AREAS:
        verb = next((t.low for t in tokens if t.low in AREA_OUTCOMES), "")
        verb = {"burnt": "burned", "burns": "burned", "burn": "burned"}.get(verb, verb)
        return f"area {verb}".strip()
    if not unit or unit in ("%", "pp") or unit.isupper():
        return ""  # counts, shares and money have rules of their own
    after = _low(tokens, figure.last + 1)
    if after in DIMENSIONS:
        return DIMENSIONS[after]
    if after == "of":
        words = _words(tokens, figure.last + 2, 3, skip_determiners=True)
        if words and words[0].low in RENAMES:
            return RENAMES[words[0].low]  # "310 millimetres of rain fell": rainfall
        if words:
            return _with_outcome(_text(words), tokens, figure.last + 2 + len(words), figure)
    return ""


def _number_of(tokens, figure, previous):
    words = [t.low for t in tokens[: figure.first]]
    if "toll" in words:
        return "people killed"
    for index in range(len(words) - 2):
        if words[index] == "number" and words[index + 1] == "of":
            found = _words(tokens, index + 2, 2)
            return _with_outcome(_text(found), tokens, index + 2 + len(found), figure)
    return ""


def _words(tokens, start, limit=4, skip_determiners=False):
    """Content words from `start` on ("first-time voters" counts as one), up to a stop word,
    punctuation, number, outcome word, an -ly adverb, or after a plural noun."""
    words, index = [], start
    while index < len(tokens) and len(words) < limit:
        token = tokens[index]
        if skip_determiners and not words and token.low in ("the", "its", "their", "his", "her"):
            index += 1
            continue
        if not _content(token) or (words and token.low.endswith("ed")):
            break
        word, index = _hyphenated(tokens, index)
        words.append(word)
        if _plural(word.low):
            break
    return words


def _content(token):
    low = token.low
    return (
        token.text[0].isalpha()
        and low not in STOP
        and low not in OUTCOMES
        and not (low.endswith("ly") and len(low) > 4)
    )


def _plural(low):
    if low.endswith(("'s", "’s")):
        return False  # "2% of Ukraine’s population": a possessive, the noun comes after it
    return (low.endswith("s") and not low.endswith("ss") and low not in UNCOUNTABLE_S) or (
        low == "people"
    )


class _Word:
    def __init__(self, text, start):
        self.text, self.low, self.start = text, text.lower(), start


def _hyphenated(tokens, index):
    text, end = tokens[index].text, index + 1
    # "first-time voters", "F-16 jets" (a model's name is part of the noun)
    while end + 1 < len(tokens) and tokens[end].text == "-" and tokens[end + 1].text[0].isalnum():
        if tokens[end].start != tokens[end - 1].end or tokens[end + 1].start != tokens[end].end:
            break
        text += "-" + tokens[end + 1].text
        end += 2
    return _Word(text, tokens[index].start), end


def _text(words):
    return " ".join(w.text if _keep_case(w) else w.low for w in words)


def _keep_case(word):
    return word.text.isupper() or (word.text[0].isupper() and word.start > 0)


def _outcome(tokens, start):
    for token in tokens[start : start + 6]:
        if token.text in BREAKS or token.text[0].isdigit():
            return ""
        if token.low in OUTCOMES:
            return OUTCOMES[token.low]
    return ""


def _verb_before(tokens, figure):
    for token in tokens[max(0, figure.first - 4) : figure.first]:
        if token.low in VERBS_BEFORE:
            return VERBS_BEFORE[token.low]
    return ""


def _with_outcome(noun, tokens, after, figure):
    outcome = _outcome(tokens, after) or _verb_before(tokens, figure)
    if noun in ("others", "") and outcome:
        noun = "people"
    if outcome == "fled" and noun in ("people", "persons", "civilians"):
        return "refugees"  # people who fled their country are what UNHCR counts as refugees
    return f"{noun} {outcome}".strip()


def _of_the(tokens, figure, previous):
    # "14 of the 37 flooded villages": the first number counts the same things.
    index = figure.last + 1
    if _low(tokens, index) != "of":
        return ""
    following = _low(tokens, index + 1)
    if following in ("the", "its", "their") or following.endswith(("'s", "’s")):
        for pos in range(index + 2, min(index + 5, len(tokens))):
            if tokens[pos].text[0].isdigit():
                words = _words(tokens, pos + 1, 3)
                return _with_outcome(_text(words), tokens, pos + 1 + len(words), figure)
    if following in ("them", "those", "these") and previous is not None:
        return previous.counted
    if following in ("the", "its", "their") or following.endswith(("'s", "’s")):
        words = _words(tokens, index + 2, 3)  # "about 40 of the containers had fallen"
        return _with_outcome(_text(words), tokens, index + 2 + len(words), figure) if words else ""
    return ""


def _noun_after(tokens, figure, previous):
    start = figure.last + 1
    if figure.vague and _low(tokens, start) == "of":
        start += 1
    words = _words(tokens, start, 3)
    if not words:
        outcome = _outcome(tokens, start) or _verb_before(tokens, figure)
        if not outcome:
            return _of_those(tokens, figure)
        return _inherit(previous, figure, outcome) or _with_outcome("", tokens, start, figure)
    noun = _text(words)
    if noun in ("others", "more"):
        inherited = _inherit(previous, figure, _outcome(tokens, start + 1))
        return inherited or _with_outcome(noun, tokens, start + 1, figure)
    return _with_outcome(noun, tokens, start + len(words), figure)


def _of_those(tokens, figure):
    # "Of those cases, 96 were in children under five"
    words = [t.low for t in tokens[: figure.first]]
    for index, word in enumerate(words[:-1]):
        if word == "of" and words[index + 1] in ("those", "these", "the"):
            found = _words(tokens, index + 2, 2)
            if found:
                return _text(found)
    return ""


def _noun_of(tokens, figure, previous):
    index = _skip_back(tokens, figure.first - 1, QUALIFIER_WORDS - {"at"})
    if index < 1 or tokens[index].low not in ("of", "for", "at"):
        return ""
    if tokens[index].low == "for" and tokens[index - 1].low in MONEY_VERBS:
        return MONEY_VERBS[tokens[index - 1].low]
    noun = _noun_before(tokens, index - 1)
    if tokens[index].low == "at" and tokens[index - 1].low in LINKS:
        return ""
    return noun


def _noun_before(tokens, index, limit=3):
    words = []
    while index >= 0 and len(words) < limit:
        token = tokens[index]
        if not token.text[0].isalpha() or token.low in STOP or token.low.endswith("ing"):
            break
        words.insert(0, _Word(token.text, token.start))
        index -= 1
    return _text(words)


def _skip_back(tokens, index, words):
    while index >= 0 and tokens[index].low in words:
        index -= 1
    return index


def _money_in(tokens, figure, previous):
    if not figure.unit or figure.unit == "%":
        return ""
    before = [t.low for t in tokens[: figure.first]]
    verb = next((MONEY_VERBS[w] for w in reversed(before) if w in MONEY_VERBS), "")
    index = figure.last + 1
    if _low(tokens, index) in ("in", "on", "for"):
        words = _words(tokens, index + 1, 4, skip_determiners=True)
        phrase = _text(words)
        if phrase and _low(tokens, index) == "on":
            return f"spending on {phrase}" if verb == "spending" else phrase
        if phrase:
            return phrase
    return verb


def _subject(tokens, figure, previous):
    index, verbs = figure.first - 1, []
    while index >= 0 and (tokens[index].low in LINKS or tokens[index].low in QUALIFIER_WORDS):
        verbs.append(tokens[index].low)
        index -= 1
    if not verbs or set(verbs) <= QUALIFIER_WORDS - LINKS:
        return ""
    if (
        index >= 0
        and previous is not None
        and (tokens[index].text[0].isdigit() or index == previous.last)
    ):
        return previous.subject  # "rise by £96 to £2,020", "by 0.25 points to 5.25%"
    if index >= 0 and tokens[index].low in RISES | FALLS:
        verbs.append(tokens[index].low)  # "raising council tax by 4.99%"
        index -= 1
    noun = _subject_phrase(tokens, index)
    first = noun.split()[0].lower() if noun else ""
    if first in RAISES | CUTS and len(noun.split()) > 1:
        # "raising council tax by 4.99%": a rise in council tax
        noun = noun.split(" ", 1)[1]
        verbs.append("up" if first in RAISES else "down")
    elif _raised_before(tokens, index, noun):
        verbs.append(_raised_before(tokens, index, noun))
    figure.subject = noun
    return _changed(noun, verbs) if noun else ""


RAISES = words("raising raised raise raises lifted lifting lift hiked hiking increasing")
CUTS = words("cutting cut cuts lowered lowering reduced reducing")


def _raised_before(tokens, index, noun):
    """ "up" or "down" when a verb of raising or cutting governs the subject ("raised its
    main interest rate by 0.25 points"), else ""."""
    position = index - len(noun.split())
    while position >= 0 and tokens[position].low in ("its", "their", "the", "his", "her"):
        position -= 1
    low = _low(tokens, position)
    return "up" if low in RAISES else "down" if low in CUTS else ""


def _subject_phrase(tokens, index):
    """The noun phrase ending at `index`, through "of", "for" and "in" ("The waiting list for
    routine hospital treatment in England") and past a ", which" clause ("inflation, which")."""
    if _low(tokens, index) in ("which", "that") and _low(tokens, index - 1) == ",":
        index -= 2
    if _low(tokens, index) == ",":
        # "Core inflation, which strips out food and energy, stood at 3.9%"
        for back in range(index - 1, max(-1, index - 14), -1):
            if _low(tokens, back) in ("which", "who") and _low(tokens, back - 1) == ",":
                index = back - 2
                break
    words = []
    while index >= 0 and len(words) < 9:
        token = tokens[index]
        inner = token.low in ("of", "for", "in", "by", "the") and words
        if not (inner or _content(token)) or token.text in BREAKS:
            break
        words.insert(0, _Word(token.text, token.start))
        index -= 1
    while words and words[0].low in ("of", "for", "in", "by", "the"):
        words = words[1:]
    return _text(words)


def _changed(noun, verbs):
    head = noun.split()[0].lower()
    for verb in verbs:
        if verb in MONEY_VERBS:
            return f"{noun} {MONEY_VERBS[verb]}"
        if verb in GROWTH:
            return "growth" if head in ("economy", "gdp") else f"growth in {noun}"
        if verb in RISES and ("by" in verbs or verb in ("up", "rose", "raising", "rise")):
            return f"rise in {noun}" if verb != "rose" or "by" in verbs else noun
        if verb in FALLS and ("by" in verbs or verb == "down"):
            return f"fall in {noun}"
    return RENAMES.get(noun.lower(), noun)


def _share(tokens, figure, previous):
    index = figure.last + 1
    if _low(tokens, index) == "of" and _low(tokens, figure.first - 1) in LOSSES | {"to"}:
        loss = _low(tokens, figure.first - 1) in LOSSES or _low(tokens, figure.first - 2) in LOSSES
        words = _words(tokens, index + 1, 3, skip_determiners=True)
        if loss and words:
            return f"fall in {_text(words)}"  # "have lost 14.5 per cent of their pay"
    if _low(tokens, index) in SHARE_VERBS:
        words = [t.text for t in tokens[index : index + 4] if t.text[0].isalpha()]
        return "share who " + " ".join(words[: 1 + len(words[1:3])])  # "58% supported ..."
    if figure.notes and "ratio" in figure.notes:
        words = _words(tokens, index, 3)
        if words:
            return f"share of {_text(words)}"
    if _low(tokens, index) == "of":
        words = _words(tokens, index + 1, 4, skip_determiners=True)
        if words:
            return f"share of {_text(words)}"
        if _low(tokens, index + 1) in ("them", "those", "these"):
            return f"share of {previous.counted}" if previous and previous.counted else "share"
    words = _words(tokens, index, 3)
    if words:
        return _text(words)
    return (
        _noun_of(tokens, figure, previous)
        or _subject(tokens, figure, previous)
        or (_inherit(previous, figure))
    )


def _inherit(previous, figure, outcome=""):
    if previous is None or not previous.counted:
        return ""
    if previous.unit != figure.unit and not (outcome and not figure.unit):
        return ""
    if not outcome:
        return previous.counted
    noun = re.sub(r"\s+(" + "|".join(sorted(set(OUTCOMES.values()))) + r")$", "", previous.counted)
    return _with_outcome(noun, [], 0, figure) if outcome == "fled" else f"{noun} {outcome}"


def place_for(text, figure):
    """The place a figure is about in sentence `text`: the name before ", a city of", else a
    capitalised name near the figure where something is ("in Kharkiv", "In Kharkiv," opening
    the sentence, "in northern Lorvania", "the eastern city of Marovsk", "arrived on
    Lampedusa"), else one people left or that was struck ("fled Kharkiv", "from Valdoria"): a
    place where things are beats the place they came from ("crossed from Valdoria into Sarn":
    Sarn). "" when none is near."""
    match = CITY_OF.search(text[: figure.start])
    if match:
        return match.group(1)
    low, high = figure.start - 60, figure.end + 80
    # (rank, position, name): rank 0 where things are, 1 where they came from. "In Kabala,
    # health worker Joseph Otieno said his team had vaccinated 412 children": a place opening
    # the sentence sets the scene for all of it.
    found = [
        (rank, start, name)
        for rank, start, name, opening in _places(text)
        if opening or low <= start <= high
    ]
    return min(found)[2] if found else ""


@functools.lru_cache(maxsize=64)
def _places(text):
    """Every place name in sentence `text` as (rank, start, name, opens the sentence), read
    once for all the sentence's figures."""
    found = []
    for regex, rank in ((PLACE_RE, 0), (NAMED_PLACE_RE, 0), (ORIGIN_RE, 1)):
        for match in regex.finditer(text):
            name = match.group(1)
            if name.split()[0] not in NOT_PLACES:
                opening = match.start() == 0 and text[match.end() : match.end() + 1] == ","
                found.append((rank, match.start(), name, opening))
    return tuple(found)


CITY_OF = re.compile(r"([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?),\s+a\s+[\w\s-]*?(?:city|town|village)"
                     r"\s+of\s*(?:about\s+|some\s+|nearly\s+)?$")  # fmt: skip
NAME = r"((?:[A-Z][a-z]+)(?:\s[A-Z][a-z]+)?)"
DIRECTIONS = (r"(?:(?i:northern|southern|eastern|western|central|north-eastern|north-western|"
              r"south-eastern|south-western|rural|coastal)\s+)?")  # fmt: skip
# Where things are: after a preposition of place ("in Kharkiv", "In Kharkiv," opening the
# sentence, "in northern Lorvania") or a verb of arriving ("arrived on Lampedusa").
PLACE_RE = re.compile(
    r"(?:\b(?i:in|across|into|inside|throughout|near|outside|off)\s+(?:the\s+)?" + DIRECTIONS
    + r"|\b(?i:arrived|arriving|arrive|landed|landing|stranded|ashore|docked)\s+(?:on|at|in)\s+)"
    + NAME
)  # fmt: skip
# "the eastern city of Marovsk", "off the island of Lampara", "the border province of Ostra"
NAMED_PLACE_RE = re.compile(
    r"\bthe\s+(?:[a-z-]+\s+)?(?:city|town|village|island|province|region|district|port|state)"
    r"\s+of\s+" + NAME
)
# Where they came from, or what was struck: "from Valdoria", "fled Kharkiv", "hit Odesa".
ORIGIN_RE = re.compile(
    r"\b(?i:from|fled|fleeing|flee|left|leaving|reached|reaching|hit|hitting|struck|striking|"
    r"shelled|shelling|bombed|entered|entering|evacuated|evacuating)\s+(?:the\s+)?" + DIRECTIONS
    + NAME
)  # fmt: skip
NOT_PLACES = words(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The Red World Health National
    Human Defence Defense Transport Fiscal Migration Progress A An In It This That These Those
    He She They We Its His Her Their"""
)
