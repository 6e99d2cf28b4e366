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

from factcheck.intake.extraction.wordlists import words

SAY_VERBS = words(
    """said says say told tells reported reports announced announces estimated estimates stated
    added adds adding warned warns confirmed confirms claimed claims counted recorded noted
    wrote tweeted insisted acknowledged predicted projected forecast calculated revealed
    disclosed found show shows showed measured verified estimate warn predict"""
)
# Words before a verb of saying that make it a noun ("a forecast of 1.6%", "the report").
DETERMINERS = words("a an the its their his her this these those our")
# Words after a participle that make it a reduced relative clause, not an attribution
# ("The decision, announced at 13:45, was ...", "The plan, announced on Monday, ...").
RELATIVE_AFTER = words("at on in by during last earlier this yesterday today")
PASSIVE = words("is are was were be been being")
PARTICIPLES_SAID = words(
    """expected confirmed reported recorded estimated counted announced projected forecast
    predicted measured verified found shown told"""
)
# Verbs of doing rather than saying: the subject owns the figure, but a saying verb nearby wins.
# Expecting is a forecast of one's own, weaker than a report ("The government expects growth
# of 1%, Finance Minister Karl Nyman said": the minister's claim).
ACT_VERBS = words("pledged offered appealed demanding demands demand put expects expected expect")
PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "org", "its": "org"}
TITLES = words(
    """governor mayor minister secretary president premier chancellor dr doctor prof professor
    councillor councilman senator spokesman spokeswoman spokesperson director chief leader
    head commissioner general sheriff chairman chairwoman chair ambassador economist analyst
    mr mrs ms sir prime finance health transport labour interior foreign defence captain capt
    colonel col major lieutenant lt sergeant sgt commander inspector superintendent"""
)
ORG_WORDS = words(
    """ministry office agency department bank council commission union nations cross service
    organization organisation fund committee institute authority police army forces
    government party company group association board bureau centre center programme program
    university hospital court parliament guard trust college commission watchers monitor
    regulator confederation shipping line lines airline airlines airways holdings industries
    motors energy times post herald news press"""
)
GENERIC = words("company group charity organisation body government officials")
# Nouns that stand for a body named before ("the agency said"): its antecedent is the body the
# article named with that noun, else a body named in the same or the previous sentence; with
# neither, the noun names nobody the engine can tell (an empty claimant, never a guess).
STAND_INS = GENERIC | words("agency union bank")
# Speakers inside a quotation: the quote's speaker comes after "said" ('"We have counted 73
# bodies," said Dr Amina Yusuf'), never the pronoun.
FIRST_PERSON = words("i we you us me")
SPELLING = {"defense": "defence", "organization": "organisation", "program": "programme",
            "center": "centre", "labor": "labour", "britain": "uk", "british": "uk",
            "american": "us", "america": "us"}  # fmt: skip
PHRASES = [("united nations", "un"), ("united states", "us"), ("united kingdom", "uk"),
           ("european union", "eu")]  # fmt: skip
LEAD_WORDS = words("the a an earlier later also meanwhile separately but and")
TRAIL_WORDS = words(
    """on in late early earlier also previously separately had has have in a statement monday
    tuesday wednesday thursday friday saturday sunday morning evening afternoon night
    yesterday today last week would will could now"""
)
SOURCE_WORDS = re.compile(
    r"^(?:the\s+|a\s+|an\s+)?(?:latest\s+|new\s+|official\s+|preliminary\s+)?(?:figures|data|count|"
    r"statistics|estimates?|tally|report|poll|survey|analysis)\s+(?:from|by|of)\s+",
    re.IGNORECASE,
)
TAIL_SOURCE = re.compile(r"\s+(?:figures|data|report|estimates?)\b.*$", re.IGNORECASE)
OWNED_SOURCE = re.compile(r"^(.*?)['’]s\s+(?:[\w-]+\s+)?(?:report|figures|data|count|estimates?|"
                          r"analysis|statement|website|bulletin)$", re.IGNORECASE)  # fmt: skip
BREAKS = frozenset(',;:—–"“”()')
CLAUSE_WORDS = words("and but while as that because although when")


@dataclass
class Attribution:
    """An attribution in a sentence: `mention` as written, `verb_start`/`verb_end` the span of
    its verb (or of "according to"), and `start`/`end` the span of the whole phrase. `weak`
    marks verbs of doing ("pledged") and saying in a relative clause ("that experts say")."""

    mention: str
    start: int
    end: int
    verb_start: int
    verb_end: int
    weak: bool = False
    start_index: int = 0  # index of the phrase's first token in the sentence


def find_attributions(text, tokens):
    """Attributions in sentence `text` (with its numbers.Token list), in order."""
    found = []
    for index, token in enumerate(tokens):
        if token.low == "according" and index + 1 < len(tokens) and tokens[index + 1].low == "to":
            found.append(_according(text, tokens, index))
        elif token.low in RELEASE_VERBS:
            attribution = _released(text, tokens, index)
            if attribution is not None:
                found.append(attribution)
        elif token.low in SAY_VERBS or token.low in ACT_VERBS:
            if not _is_verb(tokens, index):
                continue
            attribution = _say(text, tokens, index)
            if attribution is not None and attribution.mention.lower() in FIRST_PERSON:
                continue
            if attribution is not None:
                before = tokens[attribution.start_index - 1].low if attribution.start_index else ""
                attribution.weak = token.low in ACT_VERBS or before in ("that", "which", "who")
                found.append(attribution)
    return found


# "The tally the U.N. refugee agency released", "figures the ministry published": the body
# that put out the figures is their source.
RELEASE_VERBS = words("released published issued compiled")
RELEASED_NOUNS = words("tally figures figure data count estimate estimates statistics report")


def _released(text, tokens, index):
    subject = _subject_before(tokens, index)
    if not subject:
        return None
    nouns = [i for i, word in enumerate(subject[:-1]) if word.low in RELEASED_NOUNS]
    if nouns:  # "The tally the U.N. refugee agency released": a reduced relative clause
        subject = _trim(subject[nouns[-1] + 1 :])
    else:
        first = tokens.index(subject[0])
        if not first or tokens[first - 1].low not in RELEASED_NOUNS:
            return None
    if not subject:
        return None
    first = tokens.index(subject[0])
    return Attribution(text[subject[0].start : subject[-1].end], subject[0].start,
                       tokens[index].end, tokens[index].start, tokens[index].end,
                       start_index=first)  # fmt: skip


def _is_verb(tokens, index):
    before = tokens[index - 1] if index else None
    after = tokens[index + 1].low if index + 1 < len(tokens) else ""
    if before is not None and before.low in DETERMINERS:
        return False  # "down from a forecast of 1.6%"
    if before is not None and before.text == "," and after in RELATIVE_AFTER:
        return False  # "The decision, announced at 13:45, was taken ..."
    passive = before is not None and before.low in PASSIVE
    if passive and tokens[index].low in PARTICIPLES_SAID:
        return False  # "growth is expected to slow", "3 cases were confirmed": no speaker
    # "stickier than expected", "as forecast"
    return before is None or before.low not in ("than", "as")


def _apposition(tokens, position):
    """The name in apposition from `position` on ("…, Martin Cole," / "…, Baltic Line
    Shipping."): two to four capitalised words closing the sentence or the clause; else []."""
    if position >= len(tokens) or tokens[position].text != ",":
        return []
    name = []
    for token in tokens[position + 1 :]:
        if token.text in BREAKS or token.text in ".!?":
            break
        name.append(token)
    capitalised = all(t.text[:1].isupper() or t.low in NAME_PARTICLES for t in name)
    return name if 2 <= len(name) <= 4 and capitalised and name[0].text[:1].isupper() else []


NAME_PARTICLES = words("de van von der la le du da al bin")


def _description(words):
    """Whether words like "the returning officer", "its operator" describe rather than name."""
    content = [w for w in words if w.low not in LEAD_WORDS and w.low not in ("its", "their")]
    return bool(content) and not content[0].text[:1].isupper()


def _according(text, tokens, index):
    words = []
    for token in tokens[index + 2 :]:
        if token.text in BREAKS or token.text in ".!?" and token.low != "." or token.text == ".":
            if token.text == "." and words and _is_abbrev(words[-1]):
                words.append(token)
                continue
            break
        words.append(token)
    if words and _description(words):
        # "according to its operator, Baltic Line Shipping": the name, not the description
        words = _apposition(tokens, tokens.index(words[-1]) + 1) or words
    mention = text[words[0].start : words[-1].end] if words else ""
    end = words[-1].end if words else tokens[index + 1].end
    return Attribution(mention, tokens[index].start, end, tokens[index].start,
                       tokens[index + 1].end, start_index=index)  # fmt: skip


def _is_abbrev(token):
    return len(token.text) <= 3 and token.text[0].isalpha()


def _say(text, tokens, index):
    verb = tokens[index]
    subject = _subject_before(tokens, index)
    if subject:
        found = Attribution(text[subject[0].start : subject[-1].end], subject[0].start,
                            verb.end, verb.start, verb.end)  # fmt: skip
        found.start_index = tokens.index(subject[0])
        return found
    after = _subject_after(tokens, index)
    if after and verb.low not in ("adding", "show", "shows", "showed", "found"):
        found = Attribution(text[after[0].start : after[-1].end], verb.start, after[-1].end,
                            verb.start, verb.end)  # fmt: skip
        found.start_index = index
        return found
    if verb.low in ("adding", "added", "adds"):
        found = Attribution("", verb.start, verb.end, verb.start, verb.end)
        found.start_index = index
        return found
    return None


def _subject_before(tokens, index):
    """The subject of the verb at `index`, walking back over auxiliaries ("is demanding"), an
    age ("Anya Brill, 44, said"), a relative clause ("The RMW union, which represents the
    workers, is demanding") or a role in apposition ("Priya Nand, the cabinet member, said")."""
    position = index - 1
    while position >= 0 and tokens[position].low in AUX:
        position -= 1
    if position >= 0 and tokens[position].text in QUOTES:
        return []  # '"...," said X': the subject comes after the verb
    wrapped = position >= 0 and tokens[position].text == ","
    position -= 1 if wrapped else 0
    segment, position = _segment_back(tokens, position)
    for _ in range(2):
        if segment is None or not _pass_over(segment, wrapped):
            break
        earlier, new_position = _segment_back(tokens, position - 1)
        if earlier is None or not earlier or _prefer(segment, earlier) is segment:
            break
        segment, position, wrapped = earlier, new_position, True
    return _trim(segment or [])


def _segment_back(tokens, position):
    words = []
    while position >= 0:
        token = tokens[position]
        if token.low in SAY_VERBS:
            return None, position  # "the agency said, adding that": no subject of its own
        if token.text in BREAKS or token.low in CLAUSE_WORDS and words:
            break
        words.insert(0, token)
        position -= 1
    return words, position


def _pass_over(words, wrapped):
    if not words:
        return False
    if len(words) == 1 and words[0].text.isdigit():
        return True
    return words[0].low in ("which", "who") or wrapped and words[0].low in ("the", "a", "an")


def _prefer(segment, earlier):
    """Of a role and the name beside it, the one that looks more like a name."""
    if len(segment) == 1 and segment[0].text.isdigit() or segment[0].low in ("which", "who"):
        return earlier
    return earlier if _capitals(earlier) >= _capitals(segment) else segment


def _capitals(words):
    return sum(1 for i, w in enumerate(words) if w.text[0].isupper() and (i or w.low != "the"))


QUOTES = frozenset('"“”')
POSTPOSED = words("said says added adds wrote writes")


SOURCE_NOUNS = words("poll survey study analysis report audit census review")


def _trim(words):
    while words and (words[0].low in LEAD_WORDS or words[0].text == "."):
        words = words[1:]
    if words and words[0].low in SOURCE_NOUNS:
        # "A poll of 2,000 parents for the Marden Herald found": whose poll it is
        owners = [i for i, w in enumerate(words) if w.low in ("for", "by", "from")]
        words = words[owners[-1] + 1 :] if owners else words
        while words and words[0].low in LEAD_WORDS:
            words = words[1:]
    while words and (words[-1].low in TRAIL_WORDS or words[-1].low in AUX):
        words = words[:-1]
    if len(words) > 10 or any(t.low in AUX or t.text[0].isdigit() for t in words):
        return []
    if words and (words[0].low in ("with", "by") or words[-1].low in ("a", "an", "the")):
        return []
    return words


AUX = words("is are was were be been has have had will would could can may")


def _subject_after(tokens, index):
    # ", said union leader Paul Arnaud." / ", said the navigation company RoutePilot."
    if index == 0 or tokens[index - 1].text not in BREAKS or tokens[index].low not in POSTPOSED:
        return []
    words = []
    for token in tokens[index + 1 :]:
        if token.text in BREAKS or token.text in ".!?" and not (words and _is_abbrev(words[-1])):
            break
        words.append(token)
    if words and _description(words):
        # ", said the union's general secretary, Dev Okafor, 51.": the person named
        words = _apposition(tokens, tokens.index(words[-1]) + 1) or words
    return _trim(words) if len(words) <= 7 else []


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


def stems(words):
    """Crude stems so that "region" meets "regional", "unions" meets "union"."""
    return {w.removesuffix("s")[:6] for w in words}


def acronym(name):
    """Initials of the capitalised words: 'International Committee of the Red Cross' -> 'icrc'."""
    words = [w for w in re.findall(r"[A-Za-z][\w.']*", name) if w[0].isupper()]
    return "".join(w[0] for w in words).lower()


def _known_acronyms(name):
    inside = {a.lower().replace(".", "") for a in re.findall(r"\(([^)]+)\)", name)}
    if name.isupper():
        inside.add(name.lower())
    outside = acronym(re.sub(r"\([^)]*\)", "", name))
    return inside | ({outside} if len(outside) >= 3 else set())


class ClaimantResolver:
    """Resolves attribution mentions to claimant names across one article.

    `known` is an iterable of claimant names (str). `resolve(mention)` returns a known name when
    one fits, a pronoun's or description's antecedent, or the mention cleaned up; "" for none.
    """

    def __init__(self, known, text=""):
        self.known = [
            (name, stems(w for w in normal_tokens(name) if w not in GENERIC), _known_acronyms(name))
            for name in known
        ]
        self.names = frozenset(name for name, _, _ in self.known)
        self.titles = _title_map(text)
        self.history = []  # (name, kind, sentence) of resolved claimants, oldest first
        self.sentence = 0  # the index of the sentence being read, set by the caller
        self._text = text
        self._article_stems = None

    def remember(self, name, kind):
        """Note `name` (str) of `kind` ("org", "person", "other") as named in this sentence."""
        self.history.append((name, kind, self.sentence))

    def resolve(self, mention):
        mention = _clean(mention)
        if not mention:
            return self._last("any")
        low = mention.lower()
        if low in PRONOUNS:
            return self._last(PRONOUNS[low])
        speaker = SPOKESMAN.match(mention)
        if speaker and self._match(speaker.group(1)):
            # "coast guard spokesman Piet de Wit": he speaks for the coast guard
            name = self._match(speaker.group(1))
            self.remember(name, "org")
            return name
        name = self._match(mention) or self._description(mention)
        if not name and _stand_in(mention):
            return ""  # "the agency said" with no agency before it: nobody we can name
        name = name or _person(mention) or mention
        name = self._match(name) or name
        self.remember(name, _kind(name))
        return name

    def match_known(self, mention):
        """The known claimant `mention` (str) names, or "" when none fits well enough."""
        words = [w for w in normal_tokens(mention) if w not in GENERIC]
        if not words:
            return ""
        tokens, short = stems(words), mention.lower().replace(".", "")
        own_acronym = acronym(mention)
        best, best_score = "", 0.0
        for name, known_tokens, acronyms in self.known:
            if short in acronyms or len(own_acronym) >= 3 and own_acronym in acronyms:
                return name
            score = len(tokens & known_tokens) / len(tokens | known_tokens)
            if set(words) & acronyms:
                score = max(score, 1.0 if len(words) == 1 else 0.6)
            if score > best_score:
                best, best_score = name, score
        return best if best_score >= 0.5 else ""

    _match = match_known

    def _description(self, mention):
        words = normal_tokens(mention)
        if not words:
            return ""
        if words[0] in ("its", "their") or mention.lower().startswith(("its ", "their ")):
            return self._last("org")
        head = words[-1]
        if len(words) == 1 and head in ("figures", "data", "statistics", "report"):
            return self._last("any")
        for title, person in self.titles.items():
            if head == title:
                return person
        if len(words) <= 3:
            for name, _, _ in reversed(self.history):
                if head in normal_tokens(name):
                    return name
            if head == "government":
                # "the government" is a government the desk knows and the article names ("the
                # government" of an article on Ukraine that names Ukraine), never the last body
                # named (a union, a bank, a ministry that spoke before), nor one the article
                # never mentions
                return next((n for n, _, _ in self.known if "government" in normal_tokens(n)
                             and self._named_in_article(n)), "")  # fmt: skip
            if head in STAND_INS:
                return self._last("org", near=True)
        return ""

    def _named_in_article(self, name):
        """Whether the article names the known claimant `name` beyond its generic words
        ("Government of Ukraine": Ukraine, Ukrainian)."""
        if self._article_stems is None:
            self._article_stems = stems(normal_tokens(self._text))
        own = stems(w for w in normal_tokens(name) if w not in GENERIC)
        return bool(own) and own <= self._article_stems

    def _last(self, kind, near=False):
        for name, name_kind, sentence in reversed(self.history):
            if near and self.sentence - sentence > 1:
                return ""  # a body named further back is no antecedent for "officials"
            if kind in ("any", name_kind):
                return name
        if kind == "person" and self.titles:
            # "Governor Marta Kollin visited the valley. She said ...": the titled person.
            person = list(self.titles.values())[-1]
            return self.match_known(person) or person
        return ""


SPOKESMAN = re.compile(r"^(.+?)['’]?s?\s+spokes(?:wo)?(?:man|person)\b", re.IGNORECASE)


def _clean(mention):
    mention = SOURCE_WORDS.sub("", mention.strip())
    mention = OWNED_SOURCE.sub(r"\1", mention)
    mention = TAIL_SOURCE.sub("", mention)
    mention = re.sub(r"^.*?\b(?:observers|officials|experts|analysts|economists|researchers|"
                     r"scientists|seismologists|staff)\s+(?:at|from|with|of)\s+", "", mention,
                     flags=re.I)  # fmt: skip
    mention = re.sub(
        r"^(?:a|an|the)\s+spokes(?:wo)?(?:man|person)\s+for\s+", "", mention, flags=re.I
    )
    mention = re.sub(r"^(?:analysts|economists|officials|experts)\s+(?:at|from)\s+", "",
                     mention, flags=re.I)  # fmt: skip
    # "Economists polled by the Keltia Times": the poll's owner
    mention = re.sub(
        r"^.*?\b(?:polled|surveyed|interviewed|asked)\s+by\s+", "", mention, flags=re.I
    )
    mention = re.sub(r"^(?:the|a|an)\s+", "", mention, flags=re.I)
    return mention.strip(" ,.")


def _stand_in(mention):
    """Whether `mention` is only a noun standing for a body ("agency", "the organisation")."""
    words = normal_tokens(mention)
    return len(words) == 1 and words[0] in STAND_INS and words[0] not in ("government", "officials")


# Words that join a body's name ("Office for National Statistics", "Bank of England"): the
# capitalised words after them are part of that name, not a person's.
NAME_JOINERS = words("for of and on the")


def _person(mention):
    """The name in 'union leader Paul Arnaud' or 'Finance Minister Ivo Rask' or 'Dr. Helen Osei'
    ("" for 'Office for National Statistics': a body's name, kept whole)."""
    words = mention.replace(".", " ").split()
    name = []
    for word in reversed(words):
        if word.lower() in NAME_JOINERS:
            return ""
        if not word[0].isupper() or word.lower() in TITLES or word.lower() in ORG_WORDS:
            break
        name.insert(0, word)
    if 2 <= len(name) <= 3 and len(name) < len(words):
        return " ".join(name)
    return ""


def _kind(name):
    """'org', 'person' or 'other' ("experts", "unions": plural nouns, neither it nor she)."""
    words = name.replace("(", " ").split()
    low = [w.lower() for w in words]
    if words and any(w in ORG_WORDS for w in low) and low[-1] not in PLURAL_PEOPLE:
        return "org"  # "interior ministry", "the national disaster agency": "it"
    if not words or not words[0][0].isupper():
        return "other"
    if any(w in ORG_WORDS for w in low) or len(words) == 1 or low[0] in ORG_FIRST_WORDS:
        return "org"
    return "person" if len(words) in (2, 3) else "org"


PLURAL_PEOPLE = words("officials experts analysts economists staff workers officers residents")
ORG_FIRST_WORDS = words("national royal international european world united central")


TITLE_BEFORE = re.compile(
    r"\b(?:[A-Z][a-z]+\s+)?(Governor|Mayor|Minister|Secretary|President|"
    r"Councillor|Senator)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2})"
)
TITLE_AFTER = re.compile(r"([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}),\s+(?:the\s+)?(?:[\w']+\s+)*?"
                         r"(governor|mayor|minister|secretary|president)\b")  # fmt: skip


ROLES = words(
    """governor mayor minister secretary president premier chancellor councillor senator
    spokesman spokeswoman spokesperson director chief leader head commissioner sheriff
    chairman chairwoman chair ambassador economist analyst officer representative manager
    coordinator inspector superintendent commander agent official"""
)
NAME = r"[A-Z][^\W\d_]+(?:\s(?:(?:de|van|von|der|la|da|al)\s)?[A-Z][^\W\d_]+){1,2}"
# "the returning officer, Martin Cole" / "Lucía Ferrer, the region's civil protection chief"
ROLE_THEN_NAME = re.compile(rf"\bthe\s+(?:[\w'’-]+\s+){{0,3}}?([a-z]+),\s+({NAME})\b")
NAME_THEN_ROLE = re.compile(rf"({NAME}),\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?([a-z]+)\b")


def _title_map(text):
    """Titles to the people holding them in the article: {'governor': 'Oleh Savchuk'}; roles
    too, when the article names their holder ({'officer': 'Martin Cole'})."""
    titles = {}
    for match in TITLE_BEFORE.finditer(text):
        titles.setdefault(match.group(1).lower(), match.group(2))
    for match in TITLE_AFTER.finditer(text):
        titles.setdefault(match.group(2).lower(), match.group(1))
    for match in ROLE_THEN_NAME.finditer(text):
        if match.group(1) in ROLES:
            titles.setdefault(match.group(1), match.group(2))
    for match in NAME_THEN_ROLE.finditer(text):
        if match.group(2) in ROLES:
            titles.setdefault(match.group(2), match.group(1))
    return titles


SUBJECT_STOPS = words(
    """on in at said says has have had is are was were will would held approved put"""
)


def sentence_subject(text, tokens):
    """An Attribution for the subject that opens the sentence ("The central bank held ..."),
    for sentences whose subject acts on its own figure; None when it opens otherwise."""
    words = []
    for token in tokens[:6]:
        if token.text in BREAKS or token.text[0].isdigit() or token.low in SUBJECT_STOPS:
            break
        words.append(token)
    if not words or words[-1] is tokens[-1]:
        return None
    return Attribution(text[words[0].start : words[-1].end], 0, 0, 0, 0, weak=True)


# Verbs of a body acting on its own figure: "The regional government approved a fund of €25m".
ACTS = words(
    """approved approves released releases allocated allocates awarded awards announced
    pledged pledges offered offers earmarked set budgeted granted gave donated sent paid
    raised cut spent imposed ordered"""
)


def acting_body(subject, tokens):
    """Whether the sentence-opening `subject` (an Attribution from sentence_subject) names a
    body (its last word an organisation word: government, council, ministry...) and the next
    word is a verb of acting. `tokens` are the sentence's tokens."""
    words = subject.mention.split()
    if not words or words[-1].lower() not in ORG_WORDS:
        return False
    following = [t.low for t in tokens if t.start >= subject.start + len(subject.mention)][:2]
    return bool(following) and (following[0] in ACTS or following[-1] in ACTS)
