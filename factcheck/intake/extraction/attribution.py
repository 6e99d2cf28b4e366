"""Who makes a claim: attribution phrases in a sentence and their match to known claimants.

Forms found (newswire style): "X said/says/told/reported/estimated ...", "..., X said.",
"..., said X.", "According to X, ...", "X's figures show", pronouns ("she added", "it said")
and definite descriptions ("the agency said", "the governor told reporters") resolved to the
last claimant that fits. `ClaimantResolver` matches a mention to the desk's known claimants
ignoring case, dots in acronyms, typographic apostrophes, word order, British/American
spelling and country adjectives ("Britain's Defense Ministry" = "UK Ministry of Defence"), and
by acronym ("the ICRC", "the office of the U.N. High Commissioner for Human Rights" = "OHCHR").
"""

import re
from dataclasses import dataclass

SAY_VERBS = frozenset(
    """said says say told tells reported reports announced announces estimated estimates stated
    added adds adding warned warns confirmed confirms claimed claims counted recorded noted
    wrote tweeted insisted acknowledged predicted projected forecast calculated revealed
    disclosed found show shows showed expects expected pledged offered appealed demanding
    demands demand put measured verified""".split()
)
PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "org", "its": "org"}
TITLES = frozenset(
    """governor mayor minister secretary president premier chancellor dr doctor prof professor
    councillor councilman senator spokesman spokeswoman spokesperson director chief leader
    head commissioner general sheriff chairman chairwoman chair ambassador economist analyst
    mr mrs ms sir prime finance health transport labour interior foreign defence""".split()
)
ORG_WORDS = frozenset(
    """ministry office agency department bank council commission union nations cross service
    organization organisation fund committee institute authority police army forces government
    party company group association board bureau centre center programme program university
    hospital court parliament guard trust college commission watchers monitor regulator
    confederation""".split()
)
GENERIC = frozenset("company group charity organisation body".split())
SPELLING = {"defense": "defence", "organization": "organisation", "program": "programme",
            "center": "centre", "labor": "labour", "britain": "uk", "british": "uk",
            "american": "us", "america": "us"}  # fmt: skip
PHRASES = [("united nations", "un"), ("united states", "us"), ("united kingdom", "uk"),
           ("european union", "eu")]  # fmt: skip
LEAD_WORDS = frozenset("the a an earlier later also meanwhile separately but and".split())
TRAIL_WORDS = frozenset(
    """on in late early earlier also previously separately had has have in a statement
    monday tuesday wednesday thursday friday saturday sunday morning evening afternoon night
    yesterday today last week would will could""".split()
)
SOURCE_WORDS = re.compile(
    r"^(?:the\s+)?(?:latest\s+|new\s+|official\s+|preliminary\s+)?(?:figures|data|count|"
    r"statistics|estimates?|tally|report|poll|survey|analysis)\s+(?:from|by|of)\s+",
    re.IGNORECASE,
)
TAIL_SOURCE = re.compile(r"\s+(?:figures|data|statistics|report|estimates?)\b.*$", re.IGNORECASE)
BREAKS = frozenset(",;:—–\"“”()")
CLAUSE_WORDS = frozenset("and but while as that because although when".split())


@dataclass
class Attribution:
    """An attribution in a sentence: `mention` as written, `verb_start`/`verb_end` the span of
    its verb (or of "according to"), and `start`/`end` the span of the whole phrase."""

    mention: str
    start: int
    end: int
    verb_start: int
    verb_end: int


def find_attributions(text, tokens):
    """Attributions in sentence `text` (with its numbers.Token list), in order."""
    found = []
    for index, token in enumerate(tokens):
        if token.low == "according" and index + 1 < len(tokens) and tokens[index + 1].low == "to":
            found.append(_according(text, tokens, index))
        elif token.low in SAY_VERBS:
            attribution = _say(text, tokens, index)
            if attribution is not None:
                found.append(attribution)
    return found


def _according(text, tokens, index):
    words = []
    for token in tokens[index + 2 :]:
        if token.text in BREAKS or token.text in ".!?" and token.low != "." or token.text == ".":
            if token.text == "." and words and _is_abbrev(words[-1]):
                words.append(token)
                continue
            break
        words.append(token)
    mention = text[words[0].start : words[-1].end] if words else ""
    end = words[-1].end if words else tokens[index + 1].end
    return Attribution(mention, tokens[index].start, end, tokens[index].start, tokens[index + 1].end)


def _is_abbrev(token):
    return len(token.text) <= 3 and token.text[0].isalpha()


def _say(text, tokens, index):
    subject = _subject_before(tokens, index)
    if subject:
        mention = text[subject[0].start : subject[-1].end]
        return Attribution(mention, subject[0].start, tokens[index].end, tokens[index].start,
                           tokens[index].end)  # fmt: skip
    after = _subject_after(tokens, index)
    if after and tokens[index].low not in ("adding", "show", "shows", "showed", "found"):
        mention = text[after[0].start : after[-1].end]
        return Attribution(mention, tokens[index].start, after[-1].end, tokens[index].start,
                           tokens[index].end)  # fmt: skip
    if tokens[index].low in ("adding", "added", "adds"):
        return Attribution("", tokens[index].start, tokens[index].end, tokens[index].start,
                           tokens[index].end)  # fmt: skip
    return None


def _subject_before(tokens, index):
    words, position = [], index - 1
    while position >= 0:
        token = tokens[position]
        if token.text in BREAKS or token.low in CLAUSE_WORDS and words:
            if _skippable(words):
                words, position = [], position - 1
                continue
            break
        if token.text[0].isdigit() and not words:
            return []
        words.insert(0, token)
        position -= 1
    return _trim(words)


def _skippable(words):
    # "Anya Brill, 44, said": an age between commas; "The RMW union, which represents ...,"
    return (not words) or (len(words) == 1 and words[0].text.isdigit()) or words[0].low in (
        "which",
        "who",
    )


def _trim(words):
    while words and (words[0].low in LEAD_WORDS or words[0].text == "."):
        words = words[1:]
    while words and (words[-1].low in TRAIL_WORDS or words[-1].text[0].isdigit()):
        words = words[:-1]
    if len(words) > 12 or any(t.low in ("is", "are", "was", "were") for t in words):
        return []
    return words


def _subject_after(tokens, index):
    # ", said union leader Paul Arnaud." / ", said the navigation company RoutePilot."
    if index == 0 or tokens[index - 1].text not in BREAKS:
        return []
    words = []
    for token in tokens[index + 1 :]:
        if token.text in BREAKS or token.text in ".!?" and not (words and _is_abbrev(words[-1])):
            break
        words.append(token)
    return _trim(words)


# Matching mentions to known claimants --------------------------------------------------------


def normal_tokens(name):
    """'The U.N. Human Rights Office (OHCHR)' -> ['un', 'human', 'rights', 'office', 'ohchr']."""
    text = name.replace("’", "'").lower()
    text = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"'s\b", "", text)
    for phrase, short in PHRASES:
        text = text.replace(phrase, short)
    words = re.findall(r"[a-z0-9]+", text)
    return [SPELLING.get(w, w) for w in words if w not in ("the", "of", "for", "a", "an", "and")]


def acronym(name):
    """Initials of the capitalised words: 'International Committee of the Red Cross' -> 'icrc'."""
    words = [w for w in re.findall(r"[A-Za-z][\w.']*", name) if w[0].isupper()]
    return "".join(w[0] for w in words).lower()


def _known_acronyms(name):
    inside = re.findall(r"\(([^)]+)\)", name)
    outside = re.sub(r"\([^)]*\)", "", name)
    return {a.lower().replace(".", "") for a in inside} | {acronym(outside)}


class ClaimantResolver:
    """Resolves attribution mentions to claimant names across one article.

    `known` is an iterable of claimant names (str). `resolve(mention)` returns a known name when
    one fits, a pronoun's or description's antecedent, or the mention cleaned up; "" for none.
    """

    def __init__(self, known, text=""):
        self.known = [(name, set(normal_tokens(name)), _known_acronyms(name)) for name in known]
        self.titles = _title_map(text)
        self.history = []  # (name, kind) of resolved claimants, oldest first

    def resolve(self, mention):
        mention = _clean(mention)
        if not mention:
            return self._last("any")
        low = mention.lower()
        if low in PRONOUNS:
            return self._last(PRONOUNS[low])
        name = self._match(mention) or self._description(mention) or _person(mention) or mention
        name = self._match(name) or name
        self.history.append((name, _kind(name)))
        return name

    def _match(self, mention):
        tokens = set(normal_tokens(mention)) - GENERIC
        if not tokens:
            return ""
        short = mention.lower().replace(".", "")
        best, best_score = "", 0.0
        for name, known_tokens, acronyms in self.known:
            if short in acronyms or acronym(mention) in acronyms - {""} and len(tokens) > 2:
                return name
            known_tokens = known_tokens - GENERIC
            score = len(tokens & known_tokens) / len(tokens | known_tokens)
            if tokens & acronyms:
                score = max(score, 1.0 if len(tokens) == 1 else 0.6)
            if score > best_score:
                best, best_score = name, score
        return best if best_score >= 0.5 else ""

    def _description(self, mention):
        words = normal_tokens(mention)
        if not words:
            return ""
        if words[0] in ("its", "their") or mention.lower().startswith(("its ", "their ")):
            return self._last("org")
        head = words[-1]
        for title, person in self.titles.items():
            if head == title:
                return person
        if len(words) <= 3:
            for name, _kind_ in reversed(self.history):
                if head in normal_tokens(name):
                    return name
            if head in GENERIC or head in ("organisation", "agency", "union", "bank"):
                return self._last("org")
        return ""

    def _last(self, kind):
        for name, name_kind in reversed(self.history):
            if kind in ("any", name_kind):
                return name
        return ""


def _clean(mention):
    mention = SOURCE_WORDS.sub("", mention.strip())
    mention = TAIL_SOURCE.sub("", mention)
    mention = re.sub(r"^(?:a|an|the)\s+spokes(?:wo)?(?:man|person)\s+for\s+", "", mention, re.I)
    mention = re.sub(r"^(?:analysts|economists|officials|experts)\s+(?:at|from)\s+", "",
                     mention, flags=re.I)  # fmt: skip
    mention = re.sub(r"^(?:the|a|an)\s+", "", mention, flags=re.I)
    return mention.strip(" ,.")


def _person(mention):
    """The name in 'union leader Paul Arnaud' or 'Finance Minister Ivo Rask' or 'Dr. Helen Osei'."""
    words = mention.replace(".", " ").split()
    name = []
    for word in reversed(words):
        if not word[0].isupper() or word.lower() in TITLES or word.lower() in ORG_WORDS:
            break
        name.insert(0, word)
    if 2 <= len(name) <= 3 and len(name) < len(words):
        return " ".join(name)
    return ""


def _kind(name):
    words = name.lower().replace("(", " ").split()
    if any(w in ORG_WORDS for w in words) or name.isupper() or len(words) not in (2, 3):
        return "org"
    return "person"


TITLE_BEFORE = re.compile(r"\b(?:[A-Z][a-z]+\s+)?(Governor|Mayor|Minister|Secretary|President|"
                          r"Councillor|Senator)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2})")
TITLE_AFTER = re.compile(r"([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}),\s+(?:the\s+)?(?:[\w']+\s+)*?"
                         r"(governor|mayor|minister|secretary|president)\b")  # fmt: skip


def _title_map(text):
    """Titles to the people holding them in the article: {'governor': 'Oleh Savchuk'}."""
    titles = {}
    for match in TITLE_BEFORE.finditer(text):
        titles.setdefault(match.group(1).lower(), match.group(2))
    for match in TITLE_AFTER.finditer(text):
        titles.setdefault(match.group(2).lower(), match.group(1))
    return titles
