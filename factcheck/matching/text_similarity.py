"""How alike two statements are worded, 0..1, whatever their figures.

Statements are compared after `digitise` (factcheck.matching.numbers: folded, numbers in
digits, so "two million" and "2,000,000" read alike) with punctuation dropped, by rapidfuzz's
token measures: the mean of token_sort_ratio (word order ignored, every word counts) and
token_set_ratio (the shared words against each statement's own), so a short statement repeated
inside a longer one scores high but not full marks.
"""

import re
from functools import lru_cache

from rapidfuzz import fuzz

from factcheck.matching.numbers import digitise

_PUNCTUATION = re.compile(r"[^\w%$€£]+")


@lru_cache(maxsize=4096)
def normalise_statement(text: str) -> str:
    """The comparable form of a statement: digitised, punctuation (but not % and currency
    signs) turned to spaces, whitespace collapsed."""
    return " ".join(_PUNCTUATION.sub(" ", digitise(text)).split())


def text_similarity(a: str, b: str) -> float:
    """0..1 likeness of two statements' wording (1 for the same words); 0 if either is blank."""
    na, nb = normalise_statement(a), normalise_statement(b)
    if not na or not nb:
        return 0.0
    return (fuzz.token_sort_ratio(na, nb) + fuzz.token_set_ratio(na, nb)) / 200
