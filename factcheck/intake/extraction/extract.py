"""The public entry: `extract_claims(text, published=..., known_claimants=...)` -> drafts.

One pass over the sentences; each number found is dropped when `exclusions` says it is not a
figure claim, else drafted with its qualifier, what it counts, its claimant and its as-of date.
A sentence without its own attribution that continues the previous sentence's paragraph
inherits that sentence's claimant and date ("..., the authority said. Two children have died.").
"""

import re
from dataclasses import dataclass
from datetime import date

from factcheck.intake.extraction import qualifiers
from factcheck.intake.extraction.attribution import (
    ClaimantResolver,
    acting_body,
    find_attributions,
    sentence_subject,
)
from factcheck.intake.extraction.counted import counted_for, place_for
from factcheck.intake.extraction.dates import find_dates
from factcheck.intake.extraction.drafts import Draft
from factcheck.intake.extraction.exclusions import TIME_WORDS, reason_to_skip
from factcheck.intake.extraction.numbers import find_figures, tokenize
from factcheck.intake.extraction.sentences import split_sentences

NEAR_AFTER = 50  # characters: "3.1% in July", "64.2% by the time polls closed ... on Sunday"
NEXT_SENTENCE_SOURCES = ("that is according to", "that's according to", "that’s according to")


@dataclass
class Context:
    """What a sentence hands on to the next one in its paragraph."""

    paragraph: int
    claimant: str
    as_of: date | None
    attributed: bool
    last: Draft | None = None  # the sentence's last draft, for "another 450" after it


def extract_claims(text, *, published=None, known_claimants=()):
    """Draft the figure claims of an article.

    `text`: the article (str); `published`: its publication date (datetime.date) or None, which
    leaves relative dates ("on Tuesday") unresolved and as_of None where no explicit date is
    given; `known_claimants`: claimant names (iterable of str) to match attributions to.
    Returns a list of `Draft` in text order. Raises TypeError when `text` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError("extract_claims needs the article as a str")
    resolver = ClaimantResolver(list(known_claimants), text)
    sentences = split_sentences(text)
    repeated = _repeated_paragraphs(text)
    drafts, context = [], None
    for index, sentence in enumerate(sentences):
        if sentence.paragraph in repeated:
            continue
        resolver.sentence = index
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        found, context = _sentence_drafts(sentence, following, published, resolver, context)
        drafts.extend(found)
    return drafts


def attribute_span(text, start, end, *, published=None, known_claimants=()):
    """Who makes the claim of the sentences of `text` that [start, end) touches, and as of when,
    read as `extract_claims` reads them: with every sentence before them (a pronoun's or a
    description's antecedent, the report a sentence continues) and the one after ("That is
    according to ..."). For a sentence an editor drafts by hand, with or without a figure.

    `start`/`end` are character offsets (int); the other arguments as for `extract_claims`.
    Returns (claimant: str, "" for nobody; as_of: datetime.date or None). Raises TypeError
    when `text` is not a str."""
    if not isinstance(text, str):
        raise TypeError("attribute_span needs the article as a str")
    resolver = ClaimantResolver(list(known_claimants), text)
    sentences = split_sentences(text)
    repeated = _repeated_paragraphs(text)
    context, found = None, []
    for index, sentence in enumerate(sentences):
        inside = sentence.start < max(end, start + 1) and start < sentence.end
        if sentence.start >= max(end, start + 1):
            break
        if sentence.paragraph in repeated and not inside:
            continue
        resolver.sentence = index
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        drafts, context = _sentence_drafts(sentence, following, published, resolver, context)
        if inside:
            found.append((drafts, context))
    if not found:
        return "", published
    drafts, context = found[0]
    if drafts:
        return drafts[0].claimant, drafts[0].as_of
    sentence = next(s for s in sentences if s.start < max(end, start + 1) and start < s.end)
    return context.claimant, _statement_date(sentence.text, published) or context.as_of or published


def _statement_date(text, published):
    """The date of a sentence without figures: its statement's ("..., the mayor said on
    Wednesday", "On Tuesday, the ministry said ..."), else the first date it gives; None."""
    points = [d for d in find_dates(text, published) if d.kind == "point"]
    for said in find_attributions(text, tokenize(text)):
        for mention in points:
            if said.start - 3 <= mention.start <= said.end + 25:
                return mention.day
            if OPENING_DATE.fullmatch(text, 0, mention.start) and OPENING_SAY.fullmatch(
                text, mention.end, said.start
            ):
                return mention.day
    return points[0].day if points else None


def _repeated_paragraphs(text):
    """Indexes of the lines that repeat an earlier line word for word (a title line pasted
    twice, a headline above its copy): their figures were drafted from the first."""
    seen, repeated = set(), set()
    for index, line in enumerate(text.split("\n")):
        key = " ".join(line.split())
        if key in seen and any(ch.isdigit() or ch.isalpha() for ch in key):
            repeated.add(index)
        seen.add(key)
    return repeated


def _sentence_drafts(sentence, following, published, resolver, context):
    text, tokens = sentence.text, tokenize(sentence.text)
    dates = find_dates(text, published)
    attributions = [(a, resolver.resolve(a.mention)) for a in find_attributions(text, tokens)]
    inherited = _inherited(sentence, following, context, attributions, resolver)
    subject = sentence_subject(text, tokens)
    known = resolver.match_known(subject.mention) if subject else ""
    if known:
        # "Harwick city council on Tuesday approved a budget of £1.2bn": the council's figure.
        attributions.insert(0, (subject, known))
        resolver.remember(known, "org")
    elif subject and not attributions and acting_body(subject, tokens):
        # "The regional government approved a fund of €25m": a body acting on its own figure,
        # though the desk does not know it yet.
        attributions.insert(0, (subject, resolver.resolve(subject.mention)))
        inherited = None
    drafts, previous = [], None
    figures = []
    for figure in find_figures(text, tokens):
        qualifier, quote_start, quote_end = _qualifier(text, tokens, figure, None)
        if not reason_to_skip(text, tokens, figure, dates, qualified=quote_start < figure.start):
            figures.append(figure)
    spans = [(f.start, f.end) for f in figures]  # the figure claims, for their own dates
    for figure in figures:
        qualifier, quote_start, quote_end = _qualifier(text, tokens, figure, previous)
        figure.counted = counted_for(tokens, figure, previous)
        if not figure.counted and previous is None and _word_before(tokens, figure) in FURTHER:
            figure.counted = _counted_before(sentence, figure, context)
        figure.qualifier = qualifier
        claimant, said = _claimant(figure, attributions, inherited, resolver.names)
        as_of = _as_of(text, figure, dates, said, attributions, inherited, published, spans)
        drafts.append(_draft(sentence, figure, quote_start, quote_end, claimant, as_of))
        previous = figure
    return drafts, _context_after(sentence, drafts, attributions, inherited)


FURTHER = ("another", "further")


def _counted_before(sentence, figure, context):
    """What "another 450" counts when no noun follows it: the last figure of the sentence
    before in its paragraph, when it is of the same unit ("... flown 300 people to the
    mainland. It said another 450 would leave by ferry.")."""
    last = context.last if context is not None and context.paragraph == sentence.paragraph else None
    return last.counted if last is not None and last.unit == figure.unit else ""


def _inherited(sentence, following, context, attributions, resolver):
    if attributions:
        return None
    if context is not None and context.paragraph == sentence.paragraph and context.attributed:
        return context
    if context is not None and context.attributed and _refers_back(sentence.text):
        # "On Tuesday the ministry said borrowing reached €14.2bn. ¶ That is €3.1bn more
        # than a year earlier.": a paragraph opening with "That", "This", "It" goes on with
        # the previous paragraph's report.
        return context
    if following is not None and following.text.lower().startswith(NEXT_SENTENCE_SOURCES):
        tokens = tokenize(following.text)
        found = find_attributions(following.text, tokens)
        if found:
            return Context(sentence.paragraph, resolver.resolve(found[0].mention), None, True)
    return None


# Openings that point back to the report before: pronouns, and the event it reported.
ANAPHORS = ("that ", "this ", "it ", "these ", "those ", "they ", "the decision", "the move",
            "the figure", "the total", "the toll", "the rise", "the increase", "the fall",
            "the drop", "the cut")  # fmt: skip


def _refers_back(text):
    words = text.lower().split()
    if (
        len(words) > 1
        and words[0] in ("this", "that", "these", "those")
        and (words[1].strip(",") in TIME_WORDS)
    ):
        return False  # "This year, 500 schools closed.": a date, not the report before
    return text.lower().startswith(ANAPHORS)


def _context_after(sentence, drafts, attributions, inherited):
    claimant = attributions[-1][1] if attributions else (inherited.claimant if inherited else "")
    as_of = drafts[0].as_of if drafts else (inherited.as_of if inherited else None)
    attributed = bool(attributions) or bool(inherited and inherited.attributed)
    return Context(sentence.paragraph, claimant, as_of, attributed, drafts[-1] if drafts else None)


def _qualifier(text, tokens, figure, previous):
    """(code, quote start, quote end) for `figure`: a word before it, a word after it, the
    previous figure's for "another N", the vague words' at_least, or exact."""
    found = qualifiers.qualifier_before(text, figure.start)
    code, start = found if found else (None, figure.start)
    end = figure.end
    after = qualifiers.qualifier_after(text, figure.end)
    if code is None and after is not None:
        code, end = after
    if code is None and previous is not None and _word_before(tokens, figure) == "another":
        code = previous.qualifier
    if code is None and "rounded" in figure.notes:
        code = qualifiers.APPROXIMATELY  # "a third" filed as 33.3 %
    if code is None:
        code = qualifiers.AT_LEAST if figure.vague else qualifiers.EXACT
    return code, start, end


def _word_before(tokens, figure):
    return tokens[figure.first - 1].low if figure.first else ""


def _claimant(figure, attributions, inherited, known=frozenset()):
    """(claimant, the Attribution used or None) for a figure, from its sentence's attributions:
    the nearest by characters, an attribution before the figure ("X said N") counting half its
    distance and a weak one ("pledged", "that experts say") twice its distance."""
    scored = []
    for position, (attribution, _) in enumerate(attributions):
        if attribution.verb_end <= figure.start:
            distance = (figure.start - attribution.verb_end) / 2
        elif attribution.start >= figure.end:
            distance = attribution.start - figure.end
            if attribution.mention and attribution.verb_start == attribution.start:
                distance /= 2  # "..., according to X" closes a sentence and governs it
        else:
            continue
        scored.append((distance * (2 if attribution.weak else 1), position))
    if any(not attributions[p][0].weak and attributions[p][1] in known for _, p in scored):
        # A known source's report beats the deed of a body the desk does not know ("The
        # government has offered 3.5%, ..., according to the Treasury": the Treasury's figure).
        scored = [
            (d, p) for d, p in scored if not attributions[p][0].weak or attributions[p][1] in known
        ]
    if scored:
        _, position = min(scored)
        attribution, name = attributions[position]
        if not attribution.mention:  # "adding that ...": whoever spoke before in the sentence
            earlier = [pair for pair in attributions[:position] if pair[0].mention]
            if earlier:
                return earlier[-1][1], earlier[-1][0]
        return name, attribution
    if inherited is not None:
        return inherited.claimant, None
    return "", None


def _as_of(text, figure, dates, said, attributions, inherited, published, spans=()):
    """The figure's date: its own ("3.1% in July", "as of Nov. 30"), else its statement's
    ("the agency said on Tuesday", "On Tuesday, the ministry said"), else a date on its side of
    the sentence that is not another figure's own, else the report it continues, else the
    publication date. `spans` are the (start, end) of the sentence's figures."""
    points = [d for d in dates if d.kind == "point"]
    verbs = [(a.verb_start, a.verb_end) for a, _ in attributions]
    others = [span for span in spans if span != (figure.start, figure.end)]
    own = _own_date(text, figure, points, verbs, others)
    if own is not None:
        return own
    if said is not None:
        for mention in points:
            if said.start - 3 <= mention.start <= said.end + 25 or (
                said.start <= mention.start < said.end
            ):
                return mention.day
            if OPENING_DATE.fullmatch(text, 0, mention.start) and OPENING_SAY.fullmatch(
                text, mention.end, said.start
            ):
                return mention.day  # "On Tuesday, the finance ministry said ..."
    for mention in points:
        if any(_compared(text, figure, span) and _owns(text, span, mention, verbs, others)
               for span in others):  # fmt: skip
            continue  # "58% ..., up from 49 percent in October": October is the 49's
        if _same_side(figure, mention, verbs) or mention.period and mention.end <= figure.start:
            return mention.day
    if inherited is not None and inherited.as_of is not None:
        return inherited.as_of
    return published


def _own_date(text, figure, points, verbs, others=()):
    for mention in points:
        as_of = "as of" in text[max(0, mention.start - 7) : mention.start].lower()
        if as_of and not _between(figure, mention, verbs):
            return mention.day
    for mention in points:
        if _owns(text, (figure.start, figure.end), mention, verbs, others):
            return mention.day
    return None


OPENING_DATE = re.compile(r"\s*(?:on|as of|by|late on|early on)?\s*", re.IGNORECASE)
OPENING_SAY = re.compile(r"[\s,]*(?:the\s+)?", re.IGNORECASE)
COMPARED = re.compile(r"\b(?:from|than|compared|against|versus|vs)\b", re.IGNORECASE)


def _compared(text, figure, span):
    """Whether the figure at `span`, later in the sentence, is set against `figure` ("58%
    supported the strike, up from 49 percent", "41% from 17%"): a comparison word shortly
    before it."""
    if span[0] < figure.end:
        return False
    return bool(COMPARED.search(text, max(figure.end, span[0] - 30), span[0]))


def _owns(text, span, mention, verbs, others):
    """Whether date `mention` follows the figure at `span` closely enough to be its own date:
    within NEAR_AFTER characters, with no other figure (`others`: spans) nor verb between."""
    start, end = span
    near = 0 <= mention.start - end <= NEAR_AFTER
    if not near or any(ch.isdigit() for ch in text[end : mention.start]):
        return False
    if any(end <= s and e <= mention.start for s, e in others):
        return False  # "57 seats, up from nine in 2021": 2021 is the nine's
    return not any(end <= s and e <= mention.start for s, e in verbs)


def _between(figure, mention, verbs):
    low, high = sorted((figure.end, mention.start))
    return any(low <= start and end <= high for start, end in verbs)


def _same_side(figure, mention, verbs):
    low, high = sorted((figure.start, mention.start))
    return not any(low <= start < high for start, _ in verbs)


def _draft(sentence, figure, quote_start, quote_end, claimant, as_of):
    text = sentence.text
    return Draft(
        quote=text[quote_start:quote_end],
        start=sentence.start + quote_start,
        end=sentence.start + quote_end,
        statement=text.strip(),
        claimant=claimant,
        value=figure.value,
        value_high=figure.value_high,
        qualifier=figure.qualifier,
        unit=figure.unit,
        counted=figure.counted,
        place=place_for(text, figure),
        as_of=as_of,
        vague=figure.vague,
    )
