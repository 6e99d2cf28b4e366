"""Sentences with their offsets: a small rule-based splitter for news English.

pysbd splits well but took about 90 ms per 1,000 words here, the whole budget of the engine;
news copy needs only a few rules: a sentence ends at . ! or ? (after any closing quote) before
a space and a capital, digit or opening quote, unless the word before the full stop is an
abbreviation (Mr., Feb., U.N.); every line break ends a sentence (headlines, paragraphs).
"""

import re
from dataclasses import dataclass

from factcheck.intake.extraction.wordlists import words

# Titles, months and other abbreviations that take a full stop inside a sentence (AP style).
ABBREVIATIONS = words(
    """mr mrs ms dr prof gov sen rep gen col lt sgt capt st mt ft no nos vol approx est jan feb
    mar apr jun jul aug sep sept oct nov dec inc corp co ltd bros vs etc"""
)

END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")


@dataclass(frozen=True)
class Sentence:
    """A trimmed sentence: `text == source[start:end]`; `paragraph` counts lines of text."""

    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text):
    """Split `text` (str) into a list of `Sentence`, in order, none empty."""
    sentences = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        for start, end in _split_line(line):
            sentences.append(Sentence(offset + start, offset + end, line[start:end], paragraph))
        offset += len(line) + 1
    return sentences


def _split_line(line):
    spans, start = [], 0
    for match in END.finditer(line):
        if _is_abbreviation(line[start : match.start() + 1]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(line)))
    return [_trim(line, s, e) for s, e in spans if line[s:e].strip()]


def _is_abbreviation(chunk):
    if not chunk.endswith("."):
        return False
    word = chunk[:-1].rsplit(None, 1)[-1] if chunk[:-1].split() else ""
    # "U.N." and "J." are initials; "Feb." and "Dr." are in the list.
    return word.lower().strip('("“') in ABBREVIATIONS or bool(INITIALS.search(chunk))


def _trim(line, start, end):
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end
