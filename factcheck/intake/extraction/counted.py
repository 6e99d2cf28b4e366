"""What a figure counts ("civilians killed", "share of the vote", "council budget") and where.

Rules, in order: "N of the M things" (N counts the things too); a share "N% of X"; a noun
phrase right after the number ("227 civilians", with an outcome verb after it: "have been
killed"); "a city of N" (residents); "<noun> of N" ("a budget of £1.2bn"); "N in aid";
"spend N on X"; the subject before a linking verb ("Unemployment stood at 4.6%"); then the
previous figure's count ("48.7% of the vote and ... 46.1%", "another 525 wounded"). Without a
part-of-speech tagger, word lists stand in for grammar; they are data below.
"""

import re

STOP = frozenset(
    """a an the and or but of in on at to for from by with as than that which who whom whose
    this these those there here it its their his her our your my is are was were be been being
    have has had will would could can may might must should do does did not no so if when
    while after before since during into onto over under about around up down out off per
    each every said says say told according also only still just more most other others
    another some such very all both either neither nearly almost where who when what how
    why whether if then""".split()
)
DETERMINERS = frozenset("a an the its their his her our your my this that these those".split())
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
GERUNDS = {"killing": "killed", "wounding": "wounded", "injuring": "injured",
           "displacing": "displaced", "leaving": ""}  # fmt: skip
LINKS = frozenset(
    """is are was were be been has have had will would could stood stand stands at to by of
    reached reach reaches hit hits rose rise rises risen fell fall falls fallen grew grow grows
    eased ease eases climbed climbs jumped dropped averaged held up down a record higher lower
    totalled totaled amounted amount earned earns edged slipped remained remains expected
    estimated put""".split()
)
RISES = frozenset("rose rise rises risen up climbed climbs jumped increase increased".split())
FALLS = frozenset("fell fall falls fallen down dropped eased ease eases slipped".split())
GROWTH = frozenset("grew grow grows".split())
PLACE_NOUNS = frozenset("city town village country island capital province region".split())
MONEY_NOUNS = {"earned": "pay", "earns": "pay", "spend": "spending", "spent": "spending"}
CLAUSE_BREAKS = frozenset(",;:—–()\"“”")
CLAUSE_WORDS = frozenset("and but while as that which who when where because although".split())


def counted_for(tokens, figure, previous=None):
    """What `figure` (numbers.Figure) counts in its sentence (`tokens`, numbers.Token list), as
    a short phrase, "" when nothing fits. `previous` is the sentence's previous Figure with its
    `counted` attribute, for "another 525 wounded" and "46.1%" after "48.7% of the vote"."""
    if figure.unit in ("%", "percentage points"):
        return _share(tokens, figure, previous)
    if _noun_of(tokens, figure, previous) == "residents":
        return "residents"  # "a city of about 1.5 million people"
    for rule in (_of_the, _noun_after, _noun_of, _money_in, _subject):
        found = rule(tokens, figure, previous)
        if found:
            return found
    return _inherit(previous, figure)


def _words(tokens, start, limit=4, stop=STOP):
    """Content words from `start` on, up to a stop word, punctuation, number or `limit`."""
    words = []
    for token in tokens[start : start + limit]:
        if not token.text[0].isalpha() or token.low in stop or token.low in OUTCOMES:
            break
        if token.low.endswith("ed") and words:
            break
        words.append(token)
    return words


def _text(words):
    return " ".join(t.text if _keep_case(t) else t.low for t in words)


def _keep_case(token):
    return token.text.isupper() or (token.text[0].isupper() and token.start > 0)


def _outcome(tokens, start):
    for token in tokens[start : start + 6]:
        if token.text in CLAUSE_BREAKS or token.text[0].isdigit():
            return ""
        if token.low in OUTCOMES:
            return OUTCOMES[token.low]
    return ""


def _gerund(tokens, figure):
    for token in tokens[max(0, figure.first - 3) : figure.first]:
        if token.low in GERUNDS:
            return GERUNDS[token.low]
    return ""


def _with_outcome(noun, tokens, after, figure):
    outcome = _outcome(tokens, after) or _gerund(tokens, figure)
    if outcome == "fled" and noun in ("people", "persons", "civilians", ""):
        return "refugees"  # people who fled their country are what UNHCR counts as refugees
    return f"{noun} {outcome}".strip() if noun else outcome


def _of_the(tokens, figure, previous):
    # "14 of the 37 flooded villages": the first number counts the same things.
    index = figure.last + 1
    if index + 1 < len(tokens) and tokens[index].low == "of":
        nxt = tokens[index + 1]
        if nxt.low in ("the", "its", "their") or nxt.low.endswith("'s") or nxt.low.endswith("’s"):
            for pos in range(index + 2, min(index + 5, len(tokens))):
                if tokens[pos].text[0].isdigit():
                    words = _words(tokens, pos + 1, 3)
                    return _with_outcome(_text(words), tokens, pos + 1 + len(words), figure)
    return ""


def _noun_after(tokens, figure, previous):
    start = figure.last + 1
    if figure.vague and start < len(tokens) and tokens[start].low == "of":
        start += 1
    words = _words(tokens, start, 3)
    if not words:
        outcome = _outcome(tokens, start)
        return _inherit(previous, figure, outcome) if outcome else ""
    noun = _text(words)
    if noun in ("others", "more"):
        return _inherit(previous, figure, _outcome(tokens, start + 1))
    return _with_outcome(noun, tokens, start + len(words), figure)


def _noun_of(tokens, figure, previous):
    index = _skip_back(tokens, figure.first - 1, ("about", "some", "roughly", "nearly", "almost",
                                                   "around", "more", "than", "least", "at",
                                                   "over", "an", "estimated"))
    if index < 1 or tokens[index].low not in ("of", "for", "at"):
        return ""
    if tokens[index].low == "for" and tokens[index - 1].low == "built":
        return "capacity"
    noun = _noun_before(tokens, index - 1)
    if noun and tokens[index].low == "at":
        return noun if tokens[index - 1].low not in LINKS else ""
    if noun.split()[-1:] and noun.split()[-1] in PLACE_NOUNS:
        return "residents"
    return noun


def _noun_before(tokens, index, limit=3):
    words = []
    while index >= 0 and len(words) < limit:
        token = tokens[index]
        if not token.text[0].isalpha() or token.low in STOP or token.low in LINKS:
            break
        words.insert(0, token)
        index -= 1
    return _text(words)


def _skip_back(tokens, index, words):
    while index >= 0 and tokens[index].low in words:
        index -= 1
    return index


def _money_in(tokens, figure, previous):
    if not figure.unit or figure.unit == "%":
        return ""
    index = figure.last + 1
    if index < len(tokens) and tokens[index].low in ("in", "on", "for"):
        words = _words(tokens, index + 1, 4, STOP - {"a", "an", "the"} | {"a", "an", "the"})
        if not words and index + 2 < len(tokens):
            words = _words(tokens, index + 2, 4)
        spend = any(t.low in MONEY_NOUNS for t in tokens[max(0, figure.first - 3) : figure.first])
        phrase = _text(words)
        if tokens[index].low == "on" and phrase:
            return f"spending on {phrase}" if spend else phrase
        return phrase
    return ""


def _subject(tokens, figure, previous):
    index = figure.first - 1
    verbs = []
    while index >= 0 and (tokens[index].low in LINKS or _is_qualifier_word(tokens[index])):
        verbs.append(tokens[index].low)
        index -= 1
    if not verbs:
        return ""
    noun = _noun_before(tokens, index)
    if not noun and index >= 0 and tokens[index].text[0].isdigit() and previous is not None:
        return previous.subject  # "rise by £96 to £2,020": the same subject
    if not noun:
        return ""
    figure.subject = noun
    if noun.split()[-1] == "toll":
        return "people killed"
    for verb in verbs:
        if verb in MONEY_NOUNS:
            return f"{noun} {MONEY_NOUNS[verb]}"
        if verb in GROWTH:
            return "growth" if noun.split()[-1] in ("economy", "gdp") else f"growth in {noun}"
        if verb in RISES and "by" in verbs:
            return f"rise in {noun}"
        if verb in FALLS and "by" in verbs:
            return f"fall in {noun}"
    return noun


def _is_qualifier_word(token):
    return token.low in ("about", "some", "roughly", "nearly", "almost", "around", "than",
                         "least", "over", "under", "estimated", "more", "fewer", "less")


def _share(tokens, figure, previous):
    index = figure.last + 1
    if index < len(tokens) and tokens[index].low == "of":
        words = _words(tokens, index + 1, 4, STOP - {"the"})
        words = [t for t in words if t.low != "the"]
        if words and words[0].low not in ("them", "those"):
            return f"share of {_text(words)}"
    words = _words(tokens, index, 2)
    if words and words[0].low not in ("of",):
        return _text(words)
    before = _noun_of(tokens, figure, previous)
    if before:
        return before
    subject = _subject(tokens, figure, previous)
    if subject:
        return subject
    return _inherit(previous, figure)


def _inherit(previous, figure, outcome=""):
    if previous is None or not previous.counted:
        return outcome
    if previous.unit != figure.unit and not (outcome and not figure.unit):
        return outcome
    noun = re.sub(r"\s+(" + "|".join(sorted(set(OUTCOMES.values()))) + r")$", "", previous.counted)
    return f"{noun} {outcome}".strip()


def place_for(text, figure):
    """The place a figure is about: a capitalised name after in/across/from/into near the
    figure in sentence `text`, or the name before ", a city of"; "" when none is near."""
    match = re.search(r"([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?),\s+a\s+[\w\s-]*?(?:city|town|village)"
                      r"\s+of\s*$", text[: figure.start])  # fmt: skip
    if match:
        return match.group(1)
    nearby = text[max(0, figure.start - 60) : figure.end + 80]
    for match in PLACE_RE.finditer(nearby):
        name = match.group(1)
        if name.split()[0] not in NOT_PLACES:
            return name
    return ""


PLACE_RE = re.compile(r"\b(?:in|across|from|into|of|inside)\s+(?:the\s+)?((?:[A-Z][a-z]+)"
                      r"(?:\s[A-Z][a-z]+)?)")  # fmt: skip
NOT_PLACES = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The Red World Health National
    Human Defence Defense Transport Fiscal Migration Progress""".split()
)
