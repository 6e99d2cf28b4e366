"""Is this the same quantity? What is counted, where, and in which unit.

"What is counted" is free text ("civilians killed", "civilian deaths", "civilians who have
died"), so it is compared as a set of *concepts*: the folded words (factcheck.text.fold) less
function words and counting words ("number", "toll", "confirmed"), each word mapped to its
concept by a small synonym and lemma table (`CONCEPTS`: "died", "deaths", "fatalities" ->
"killed"), other words singularised by the regular English plural rules. Words of the claim's
place are dropped too ("refugees from Ukraine" counts refugees; the place says where). Two
"counted" texts agree when their concept sets are equal, a word allowed to differ by a typo
(rapidfuzz ratio >= 88 on words of five letters or more).

Places are compared by folded name with dotted acronyms closed up and a few aliases (`PLACES`:
"Kiev" = "Kyiv", "UK" = "Britain"); a blank place is "not said" and agrees with any place, at
a lower score. Units must be the same after factcheck.matching.units.read_unit.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz

from factcheck.matching.fields import ClaimFields
from factcheck.text import fold

# Phrases first (folded, matched as whole words), then single words. The synonym groups follow
# the categories of casualty, displacement and health reporting (OCHA's humanitarian indicator
# names; WHO's case/death terms); a word in none of them keeps its own (singular) form.
_PHRASES = {
    "lives lost": "killed",
    "lost their lives": "killed",
    "lost their life": "killed",
    "internally displaced persons": "idp",
    "internally displaced people": "idp",
    "internally displaced": "idp",
    "asylum seekers": "asylum seeker",
    "asylum seeker": "asylum seeker",
    "asylum claims": "asylum application",
    "asylum applications": "asylum application",
    "asylum requests": "asylum application",
    "out of work": "unemployed",
    "without work": "unemployed",
    "in need of humanitarian assistance": "in need",
    "in need of aid": "in need",
    "in need of assistance": "in need",
    "in need": "in need",
    "went missing": "missing",
    "military personnel": "soldier",
}
CONCEPTS = {
    # deaths
    "killed": "killed",
    "kill": "killed",
    "killing": "killed",
    "killings": "killed",
    "dead": "killed",
    "death": "killed",
    "deaths": "killed",
    "died": "killed",
    "die": "killed",
    "dying": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "fatal": "killed",
    # injuries
    "injured": "injured",
    "injury": "injured",
    "injuries": "injured",
    "wounded": "injured",
    "wound": "injured",
    "wounds": "injured",
    "hurt": "injured",
    # flight and displacement
    "refugee": "refugee",
    "refugees": "refugee",
    "fled": "refugee",
    "flee": "refugee",
    "fleeing": "refugee",
    "idp": "idp",
    "idps": "idp",
    "displaced": "displaced",
    "displacement": "displaced",
    "uprooted": "displaced",
    "evacuated": "evacuated",
    "evacuees": "evacuated",
    "evacuations": "evacuated",
    "evacuation": "evacuated",
    "missing": "missing",
    "disappeared": "missing",
    "unaccounted": "missing",
    "arrivals": "arrival",
    "arrived": "arrival",
    "arriving": "arrival",
    # Sea arrivals are reported as landings or disembarkations (UNHCR's and Italy's interior
    # ministry's wording): one count.
    "landed": "arrival",
    "landing": "arrival",
    "landings": "arrival",
    "disembarked": "arrival",
    "disembarking": "arrival",
    "disembarkations": "arrival",
    "crossings": "crossing",
    "crossed": "crossing",
    # people
    "civilian": "civilian",
    "civilians": "civilian",
    "children": "child",
    "child": "child",
    "kids": "child",
    "minors": "child",
    "people": "person",
    "persons": "person",
    "person": "person",
    "individuals": "person",
    "women": "woman",
    "men": "man",
    "troops": "soldier",
    "soldiers": "soldier",
    "servicemen": "soldier",
    "journalists": "journalist",
    "reporters": "journalist",
    "youth": "young",
    "young": "young",
    "elderly": "elderly",
    "pensioners": "elderly",
    # health: diseases tell quantities apart
    "cholera": "cholera",
    "measles": "measles",
    "polio": "polio",
    "mpox": "mpox",
    "monkeypox": "mpox",
    "covid": "covid",
    "coronavirus": "covid",
    "ebola": "ebola",
    "malaria": "malaria",
    "dengue": "dengue",
    "tuberculosis": "tuberculosis",
    "tb": "tuberculosis",
    "hiv": "hiv",
    "cases": "case",
    "infections": "case",
    "infected": "case",
    "hospitalised": "hospitalised",
    "hospitalisations": "hospitalised",
    "hospitalisation": "hospitalised",
    "admitted": "hospitalised",
    "vaccinated": "vaccinated",
    "immunised": "vaccinated",
    "inoculated": "vaccinated",
    # economy
    "unemployed": "unemployed",
    "unemployment": "unemployed",
    "jobless": "unemployed",
    "joblessness": "unemployed",
    "inflation": "inflation",
    "prices": "price",
    "homes": "home",
    "houses": "home",
    "dwellings": "home",
    "destroyed": "destroyed",
    "razed": "destroyed",
    "flattened": "destroyed",
    "damaged": "damaged",
    "homicides": "homicide",
    "homicide": "homicide",
    "murders": "homicide",
    "murder": "homicide",
    "murdered": "homicide",
    "protesters": "protester",
    "protestors": "protester",
    "demonstrators": "protester",
    "marchers": "protester",
    "marched": "protester",
    "marching": "protester",
    "arrested": "arrested",
    "arrests": "arrested",
    "detained": "arrested",
    "detentions": "arrested",
    "ballots": "vote",
    "votes": "vote",
}
# Words that say how something was counted or that it was counted, not what.
_NOISE = frozenset(
    # One word list reads better than a hundred quoted strings.
    """
    the a an of in on at to for by from with who that which whose have has had been were was
    are is be being and or their its his her as so far since total number numbers toll tally
    count counted figure figures rate level levels reported confirmed recorded registered
    official officially estimated estimate verified overall cumulative some about nearly
    more than least up all new area amount related against
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"\w+")
_ISE = ((re.compile(r"iz(e|ed|es|ing|ation|ations)$"), r"is\1"),)
# Places that share no spelling: older transliterations and common short names.
PLACES = (
    ("kyiv", "kiev"),
    ("kharkiv", "kharkov"),
    ("odesa", "odessa"),
    ("uk", "united kingdom", "britain", "great britain"),
    ("us", "usa", "united states", "united states of america", "america"),
    ("drc", "dr congo", "democratic republic of congo", "democratic republic of the congo"),
    ("gaza", "gaza strip"),
    ("turkey", "turkiye", "türkiye"),
    ("myanmar", "burma"),
    ("czechia", "czech republic"),
    ("eu", "european union"),
)


def _singular(word: str) -> str:
    """Regular English plurals only; irregular ones are in CONCEPTS."""
    for pattern, repl in _ISE:
        word = pattern.sub(repl, word)
    if len(word) <= 3 or not word.isalpha() or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Compiled once: building the patterns on every call was most of the cost of ranking.
_PHRASE_PATTERNS = tuple(
    (re.compile(rf"\b{re.escape(phrase)}\b"), concept) for phrase, concept in _PHRASES.items()
)


def _place_words(place: str) -> set[str]:
    return set(_WORD.findall(fold(place)))


@lru_cache(maxsize=4096)
def concepts(counted: str, place: str = "") -> frozenset[str]:
    """The concepts in a "what is counted" text, e.g. "Civilians who have died" ->
    {civilian, killed}. `place` (str) words are dropped from it. A bare "people" counts only
    when it is the whole head: "people killed" -> {killed}, as deaths are people anyway."""
    text = fold(counted).replace("-", " ")
    found: list[str] = []
    for pattern, concept in _PHRASE_PATTERNS:
        if pattern.search(text):
            found.append(concept)
            text = pattern.sub(" ", text)
    dropped = _NOISE | _place_words(place)
    for word in _WORD.findall(text):
        if word in dropped:
            continue
        found.append(CONCEPTS.get(word) or CONCEPTS.get(_singular(word)) or _singular(word))
    result = set(found)
    if len(result) > 1:
        result.discard("person")
    return frozenset(result)


def _fuzzy_equal(a: frozenset[str], b: frozenset[str]) -> bool:
    """Equal sets, allowing a typo in words of five letters or more."""
    if len(a) != len(b):
        return False
    unmatched = set(b)
    for word in a:
        if word in unmatched:
            unmatched.remove(word)
            continue
        best = max(
            (other for other in unmatched if min(len(word), len(other)) >= 5),
            key=lambda other: fuzz.ratio(word, other),
            default=None,
        )
        if best is None or fuzz.ratio(word, best) < 88:
            return False
        unmatched.remove(best)
    return True


@lru_cache(maxsize=4096)
def place_key(place: str) -> str:
    """The comparable form of a place: folded, dotted acronyms closed, "the" and punctuation
    dropped, aliases (PLACES) mapped to the first name of their group."""
    text = re.sub(r"\b(?:\w\.){2,}", lambda m: m.group(0).replace(".", ""), fold(place))
    text = " ".join(word for word in _WORD.findall(text) if word != "the")
    return _PLACE_ALIASES.get(text, text)


_PLACE_ALIASES = {name: group[0] for group in PLACES for name in group}


# Concepts of the tables: a word among them names what is counted (deaths, not injuries;
# children, not civilians), so two texts that differ by one of them count different things.
KNOWN_CONCEPTS = frozenset(CONCEPTS.values()) | frozenset(_PHRASES.values())
_CONJUNCTION = re.compile(r"\b(?:and|or|plus)\b|[&/+]")


class Relation(StrEnum):
    """How two "what is counted" texts relate (see `counted_relation`)."""

    SAME = "same"
    NARROWER = "narrower"
    REWORDED = "reworded"
    DIFFERENT = "different"


def _proper_words(counted: str) -> set[str]:
    """Capitalised words after the first ("votes for William Ruto" -> {william, ruto}): names,
    which tell quantities apart when each text has its own."""
    words = _WORD.findall(counted)[1:]
    return {_singular(fold(word)) for word in words if word[:1].isupper()}


def counted_relation(a: str, b: str, place: str = "") -> Relation:
    """How "what is counted" texts `a` and `b` relate, `place` words left out:

    - SAME: the same concepts (a typo allowed);
    - NARROWER: one adds words outside the concept tables to the other ("votes for William
      Ruto" / "votes for Ruto", "cholera deaths" / "death toll"): the same quantity, said
      more or less precisely;
    - REWORDED: they share a concept and differ only by words outside the tables ("customers
      without power" / "customers who lost power"): perhaps the same quantity, worded
      differently; `classify` takes it as the same only when claimant, figure and date agree;
    - DIFFERENT: no concept in common, a table concept on one side only (killed / injured,
      civilians / children, measles / polio), a name on each side (Ruto / Odinga), or one is
      a sum ("killed and wounded") and the other not.
    """
    ca, cb = concepts(a, place), concepts(b, place)
    if not ca or not cb:
        return Relation.DIFFERENT
    if _fuzzy_equal(ca, cb):
        return Relation.SAME
    only_a, only_b = ca - cb, cb - ca
    if (
        not ca & cb
        or (only_a | only_b) & KNOWN_CONCEPTS
        or len(_CONJUNCTION.findall(fold(a))) != len(_CONJUNCTION.findall(fold(b)))
        or (only_a & _proper_words(a) and only_b & _proper_words(b))
    ):
        return Relation.DIFFERENT
    if not only_a or not only_b:
        return Relation.NARROWER
    return Relation.REWORDED


@dataclass(frozen=True)
class QuantityAgreement:
    """Whether two claims count the same thing in the same place and unit; `relation` of their
    "what is counted" texts; `score` 0..1 (1 when everything is said and equal); `reasons`
    short phrases for people. `agrees` is False for a REWORDED relation: see `classify`."""

    agrees: bool
    score: float
    reasons: tuple[str, ...]
    relation: Relation = Relation.DIFFERENT


_RELATION_SCORE = {Relation.SAME: 1.0, Relation.NARROWER: 0.8, Relation.REWORDED: 0.7}
_RELATION_REASON = {
    Relation.SAME: "same thing counted",
    Relation.NARROWER: "same thing counted, one more precisely",
    Relation.REWORDED: "what is counted worded differently",
}


def compare_quantities(a: ClaimFields, b: ClaimFields) -> QuantityAgreement:
    """Compare what is counted, the place and the unit of two claims. Claims that do not say
    what they count never agree: there is no quantity to compare."""
    if not a.counted.strip() or not b.counted.strip():
        return QuantityAgreement(False, 0.0, ("what is counted is not said",))
    if a.unit_key != b.unit_key:
        return QuantityAgreement(False, 0.0, ("different units",))
    relation = counted_relation(a.counted, b.counted, f"{a.place} {b.place}")
    if relation is Relation.DIFFERENT:
        return QuantityAgreement(False, 0.0, ("different things counted",))
    score = _RELATION_SCORE[relation]
    if relation is Relation.SAME and concepts(a.counted) != concepts(b.counted):
        score = 0.9  # equal only with a typo allowed
    reasons = (_RELATION_REASON[relation],)
    pa, pb = place_key(a.place), place_key(b.place)
    if pa and pb:
        if pa != pb and fuzz.ratio(pa, pb) < 90:
            return QuantityAgreement(False, 0.0, ("different places",))
        reasons = (*reasons, "same place")
    elif pa or pb:
        score *= 0.85
        reasons = (*reasons, "place said by one claim only")
    agrees = relation is not Relation.REWORDED
    return QuantityAgreement(agrees, score, reasons, relation)
