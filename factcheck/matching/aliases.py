"""Is this the same claimant? "UNHCR", "the UN refugee agency" and "Office of the UN High
Commissioner for Refugees" are one; so are "Ukraine's defence ministry" and "the Ministry of
Defence of Ukraine".

Names are compared by a *key*: the folded name (factcheck.text.fold) with dotted acronyms
closed up ("U.N." -> "un"), "United Nations" -> "un", possessives, "the", "of", "office of the"
and punctuation dropped, demonyms turned into their country ("Ukrainian" -> "ukraine"), British
and American spellings made one, and the remaining words taken as a set (so word order, as in
"health ministry" / "ministry of health", does not matter). Two names are the same claimant
when their keys are equal, when an alias table (`ALIASES`, below: names that share no words)
puts them in one group, when one is the acronym of the other ("WHO" / "World Health
Organization"; an acronym word in the name gives all its letters, so "UN High Commissioner for
Refugees" gives "unhcr"), or when they differ only by a typo (rapidfuzz ratio >= 94 on names of
at least 8 letters). A spokesperson, officials or researchers speak for their organisation
("UNHCR spokeswoman" = "UNHCR"), "government", "administration" and "authorities" only say
whose state it is ("Taliban administration" = "the Taliban"), and a bracketed acronym is an
alias ("National Disaster Management Authority (NDMA)").
"""

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from factcheck.text import fold

# Words that never tell claimants apart.
_STOPWORDS = frozenset(
    {"the", "of", "for", "and", "on", "in", "at", "to", "a", "an", "de", "du", "des", "la", "le"}
)
# Adjective -> country, for "Ukrainian government" = "Government of Ukraine". Small and
# extendable: the countries and blocs in the desk's stories.
DEMONYMS = {
    "ukrainian": "ukraine",
    "russian": "russia",
    "british": "uk",
    "american": "us",
    "french": "france",
    "german": "germany",
    "turkish": "turkey",
    "syrian": "syria",
    "sudanese": "sudan",
    "israeli": "israel",
    "palestinian": "palestine",
    "afghan": "afghanistan",
    "pakistani": "pakistan",
    "indian": "india",
    "chinese": "china",
    "nigerian": "nigeria",
    "kenyan": "kenya",
    "ethiopian": "ethiopia",
    "mexican": "mexico",
    "brazilian": "brazil",
    "italian": "italy",
    "spanish": "spain",
    "greek": "greece",
    "polish": "poland",
    "japanese": "japan",
    "european": "europe",
    "moldovan": "moldova",
    "hungarian": "hungary",
    "romanian": "romania",
    "somali": "somalia",
    "yemeni": "yemen",
    "lebanese": "lebanon",
    "bangladeshi": "bangladesh",
    "filipino": "philippines",
    "haitian": "haiti",
    "chilean": "chile",
    "peruvian": "peru",
    "colombian": "colombia",
    "venezuelan": "venezuela",
    "georgian": "georgia",
    "armenian": "armenia",
    "iranian": "iran",
    "iraqi": "iraq",
    "libyan": "libya",
    "malawian": "malawi",
    "argentine": "argentina",
    "argentinian": "argentina",
}
# British and American spellings: one form each.
_SPELLING = {
    "defense": "defence",
    "organization": "organisation",
    "program": "programme",
    "center": "centre",
    "labor": "labour",
    "internal affairs": "interior",
    "home affairs": "interior",
    "u.k.": "uk",
    "britain": "uk",
    "united kingdom": "uk",
    "united states": "us",
    "usa": "us",
}
# Names that share no words but mean one claimant (folded names; spelling is normalised too).
# Sources: each organisation's own naming ("UN Refugee Agency" is UNHCR's own byline), and the
# news agencies' usual shorthand for governments ("Kyiv", "Moscow", "the Kremlin").
ALIASES = (
    ("unhcr", "un refugee agency", "un refugees agency", "un high commissioner for refugees"),
    (
        "ohchr",
        "un human rights office",
        "un human rights",
        "un high commissioner for human rights",
        "un human rights agency",
    ),
    ("who", "world health organisation", "un health agency"),
    ("unicef", "un children's fund", "un children's agency", "united nations children's fund"),
    ("ocha", "un humanitarian office", "un aid office", "un humanitarian affairs office"),
    ("wfp", "world food programme", "un food agency"),
    ("iom", "international organisation for migration", "un migration agency"),
    ("unrwa", "un agency for palestine refugees", "un palestinian refugee agency"),
    ("icrc", "international committee of the red cross"),
    ("msf", "medecins sans frontieres", "médecins sans frontières", "doctors without borders"),
    ("imf", "international monetary fund"),
    ("fao", "food and agriculture organisation", "un food and agriculture organisation"),
    ("government of ukraine", "ukraine", "kyiv", "ukrainian authorities"),
    ("government of russia", "russia", "kremlin", "moscow", "russian authorities"),
    ("ministry of defence of uk", "mod", "uk ministry of defence"),
    ("frontex", "eu border agency", "european border and coast guard agency"),
    ("eurostat", "eu statistics office", "eu statistics agency"),
)
# Who speaks for a claimant: "UNHCR spokeswoman" says what UNHCR says. Dropped from the end
# of a name (AP style attributes a spokesperson's statement to the organisation).
_SPEAKERS = re.compile(
    r"(?:'s)? (?:spokesman|spokeswoman|spokesperson|spokespeople|press office|press service|"
    r"researchers?|officials?|statement)$"
)
# Words that only say a claimant is a state's: "Taliban government", "the Taliban", "Taliban
# administration" and "Ukrainian authorities" are one. Dropped when other words remain.
_GENERIC = frozenset({"government", "administration", "authorities", "regime", "federal"})
_BRACKETS = re.compile(r"\(([^)]*)\)")
_ACRONYM_WORDS = frozenset({"un", "eu", "us", "uk"})
_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_POSSESSIVE = re.compile(r"'s\b|s'(?=\s|$)")
_OFFICE_OF = re.compile(r"^(?:the )?office of (?:the )?")
_NON_WORD = re.compile(r"[^\w&%$]+")


def _words(name: str) -> list[str]:
    text = fold(name)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.replace("united nations", "un").replace("&", " and ")
    for spelt, one in _SPELLING.items():
        text = re.sub(rf"\b{re.escape(spelt)}(?!\w)", one, text)
    text = _POSSESSIVE.sub("", text)
    return [DEMONYMS.get(word, word) for word in _NON_WORD.sub(" ", text).split()]


@lru_cache(maxsize=4096)
def name_key(name: str) -> frozenset[str]:
    """The comparable form of a claimant's name: a set of words (see the module docstring).
    "Office of the U.N. High Commissioner for Refugees" -> {un, high, commissioner, refugees}."""
    text = _SPEAKERS.sub("", _OFFICE_OF.sub("", fold(name)))
    words = {word for word in _words(text) if word not in _STOPWORDS}
    return frozenset(words - _GENERIC) if words - _GENERIC else frozenset(words)


def _variants(name: str) -> list[str]:
    """The name, and for "National Disaster Management Authority (NDMA)" also the name without
    the brackets and the bracketed part alone; "Ministry of Health (Malawi)" keeps its words."""
    inside = [part.strip() for part in _BRACKETS.findall(name) if part.strip()]
    if not inside:
        return [name]
    outside = _BRACKETS.sub(" ", name).strip()
    return [_BRACKETS.sub(r" \1 ", name), outside, *inside]


@lru_cache(maxsize=4096)
def acronyms(name: str) -> frozenset[str]:
    """The acronyms a long name can go by: initials of its words, with and without the small
    words ("Ministry of Health" -> "mh", "moh"), an acronym word giving all its letters."""
    words = _words(_SPEAKERS.sub("", _OFFICE_OF.sub("", fold(name))))
    if len(words) < 2:
        return frozenset()

    def initials(keep_small: bool) -> str:
        return "".join(
            word if word in _ACRONYM_WORDS else word[0]
            for word in words
            if keep_small or word not in _STOPWORDS
        )

    return frozenset({initials(False), initials(True)})


_ALIAS_GROUP = {name_key(name): group for group, names in enumerate(ALIASES) for name in names}


def alias_group(name: str) -> int | None:
    """The index in ALIASES of the group `name` belongs to, or None."""
    return _ALIAS_GROUP.get(name_key(name))


def same_claimant(a: str, b: str, *, places: Iterable[str] = ()) -> tuple[bool, str]:
    """(whether names `a` and `b` name one claimant, why, in a few words). Blank names never
    match: an unknown claimant is not the same as any other. A name with a bracketed part is
    tried whole, without it, and as the bracketed part alone. `places` (the claims' places):
    their words are left out of both names when something else remains, since a name often
    leaves out the country its claim is about ("Ministry of Health" in a claim about Malawi is
    "Malawi's Ministry of Health")."""
    dropped = frozenset(word for place in places for word in name_key(place))
    reason = "different claimants"
    for va in _variants(a):
        for vb in _variants(b):
            same, reason = _same_name(va, vb, dropped)
            if same:
                return True, reason
    return False, reason


def _same_name(a: str, b: str, dropped: frozenset[str] = frozenset()) -> tuple[bool, str]:
    ka, kb = name_key(a), name_key(b)
    if ka - dropped and kb - dropped and (ka - dropped) == (kb - dropped) and ka != kb:
        return True, "same claimant, the country left implicit"
    if not ka or not kb:
        return False, "a claimant is missing"
    if ka == kb:
        return True, "same claimant"
    ga, gb = alias_group(a), alias_group(b)
    if ga is not None and ga == gb:
        return True, "known aliases"
    for short, long in ((ka, b), (kb, a)):
        if len(short) == 1 and next(iter(short)) in acronyms(long):
            return True, "acronym"
    # An acronym of a name in an alias group ("World Health Organisation" for "WHO"
    # via "UN health agency") is caught by the groups; typos by the ratio below.
    ja, jb = " ".join(sorted(ka)), " ".join(sorted(kb))
    if min(len(ja), len(jb)) >= 8 and fuzz.ratio(ja, jb) >= 94:
        return True, "same name, spelt differently"
    return False, "different claimants"
