"""Qualifier words to `factcheck.models.Qualifier` codes, kept as data per language.

English mapping (issue 17): "at least" -> at_least; "more than", "over", "upwards of" ->
more_than; "up to", "as many as" -> up_to; "fewer than", "less than", "under" -> fewer_than;
"exactly" or no word -> exact. "nearly", "almost", "about", "around", "roughly", "some",
"an estimated", "approximately" -> approximately: the desk has no "just below" code, and a
figure that is "nearly 60%" is filed as an approximation of 60%, not as a bound. Verbs that
mean "went past" ("tops", "topped", "surpassed") read as more_than. Forecasts ("could reach",
"may rise to", "could cost", "as high as") read as up_to: the most the claimant expects. To
add a language, add a table to PREFIXES and SUFFIXES under its code.
"""

import re

EXACT = "exact"
APPROXIMATELY = "approximately"
AT_LEAST = "at_least"
MORE_THAN = "more_than"
UP_TO = "up_to"
FEWER_THAN = "fewer_than"

# Words that stand right before the number (longest phrases are tried first).
PREFIXES = {
    "en": {
        "exactly": EXACT,
        "precisely": EXACT,
        "at least": AT_LEAST,
        "no fewer than": AT_LEAST,
        "no less than": AT_LEAST,
        "a minimum of": AT_LEAST,
        "more than": MORE_THAN,
        "over": MORE_THAN,
        "just over": MORE_THAN,
        "well over": MORE_THAN,
        "upwards of": MORE_THAN,
        "in excess of": MORE_THAN,
        "top": MORE_THAN,
        "tops": MORE_THAN,
        "topped": MORE_THAN,
        "surpassed": MORE_THAN,
        "exceeded": MORE_THAN,
        "up to": UP_TO,
        "as many as": UP_TO,
        "as much as": UP_TO,
        "as high as": UP_TO,
        # Forecasts: the most the claimant expects, not a count ("losses could reach £2bn").
        "could reach": UP_TO,
        "could hit": UP_TO,
        "could top": UP_TO,
        "could rise to": UP_TO,
        "could climb to": UP_TO,
        "could exceed": UP_TO,
        "may reach": UP_TO,
        "may rise to": UP_TO,
        "might reach": UP_TO,
        "could cost": UP_TO,
        "may cost": UP_TO,
        "no more than": UP_TO,
        "at most": UP_TO,
        "a maximum of": UP_TO,
        "fewer than": FEWER_THAN,
        "less than": FEWER_THAN,
        "under": FEWER_THAN,
        "just under": FEWER_THAN,
        "below": FEWER_THAN,
        "nearly": APPROXIMATELY,
        "almost": APPROXIMATELY,
        "about": APPROXIMATELY,
        "around": APPROXIMATELY,
        "roughly": APPROXIMATELY,
        "some": APPROXIMATELY,
        "an estimated": APPROXIMATELY,
        "estimated": APPROXIMATELY,
        "approximately": APPROXIMATELY,
        "close to": APPROXIMATELY,
        "nearly all of": APPROXIMATELY,
    },
}

# Words that stand right after the figure ("1,000 or more").
SUFFIXES = {
    "en": {
        "or more": AT_LEAST,
        "or so": APPROXIMATELY,
        "-plus": MORE_THAN,
        "or fewer": UP_TO,
        "or less": UP_TO,
    },
}


def _prefix_pattern(table):
    words = sorted(table, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?:^|(?<=[\s(\"“‘]))({alternatives})\s+$", re.IGNORECASE)


def _suffix_pattern(table):
    words = sorted(table, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"\s*({alternatives})\b", re.IGNORECASE)


PREFIX_PATTERNS = {code: _prefix_pattern(table) for code, table in PREFIXES.items()}
SUFFIX_PATTERNS = {code: _suffix_pattern(table) for code, table in SUFFIXES.items()}


def _normal(words):
    return " ".join(words.lower().split())


def qualifier_before(text, position, language="en"):
    """The qualifier ending right before `position` in `text` (str, a character offset), as
    (code, start offset), or None. Raises KeyError for a language without a table."""
    window = text[max(0, position - 30) : position]
    match = PREFIX_PATTERNS[language].search(window)
    if match is None:
        return None
    code = PREFIXES[language][_normal(match.group(1))]
    return code, position - len(window) + match.start(1)


def qualifier_after(text, position, language="en"):
    """The qualifier starting at `position` ("or more"), as (code, end offset), or None."""
    match = SUFFIX_PATTERNS[language].match(text, position)
    if match is None:
        return None
    return SUFFIXES[language][_normal(match.group(1))], match.end(1)
