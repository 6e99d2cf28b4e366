"""Which existing claims are worth ranking against a new one: candidates from the database.

`rank_matches` judges a few hundred claims in a few milliseconds; a desk holds a million. This
selector narrows them with indexes, in three small queries selecting ids (on PostgreSQL the
branches of one UNION ALL inside the query that reads the rows, so one round trip):

- **same quantity**: what is counted shares a word with the probe's, its synonyms and plural
  forms included (`CONCEPTS` of factcheck.matching.quantities, so "deaths" finds "killed"; on
  SQLite by substring or FTS5, on PostgreSQL by a regular expression on counted_folded read
  from the index itself), in the same place or a place not said (an index on UPPER(place),
  as_of), as of within `WINDOW` of the probe's date, nearest dates first;
- **same claimant**: the same claimant (by name, ignoring case), as of within the matching
  rules' own date window (factcheck.matching.ranking.DATE_WINDOW);
- **similar text**: the statement holds at least two of the probe's four longest uncommon
  words (see `statement_terms`), within `WINDOW` when the probe has a date.

Statements are searched by PostgreSQL's GIN index on to_tsvector('simple', statement) and by
SQLite's FTS5 table factcheck_claim_fts (migration 0010). Claims marked as duplicates are
left out: the claim they repeat is found instead. What this misses, by design: a place spelt
otherwise than the probe's (other than the aliases in quantities.PLACES), a claimant's alias
named by no shared counted word and no date, and a typo in what is counted.
"""

import re
import time
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import combinations

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from factcheck.matching.fields import ClaimFields
from factcheck.matching.quantities import _NOISE, _PHRASES, CONCEPTS, PLACES, _singular
from factcheck.matching.ranking import DATE_WINDOW
from factcheck.models import FIGURE_FIELDS, Claim, ClaimStatusCount
from factcheck.text import fold

# Same-quantity candidates as of this far either side: a claimant's updated count within a
# month is what "same quantity, other figure" is for.
WINDOW = timedelta(days=31)
QUANTITY_LIMIT = 40  # same-quantity candidates, the nearest dates
CLAIMANT_LIMIT = 20
TEXT_LIMIT = 30
# A statement word in more than this share of claims picks nothing out (the databases' own
# statistics on the full-text index say which; see `_common_words`).
COMMON_SHARE = 0.002
FIELDS = (
    "id",
    "statement",
    "claimant__name",
    *FIGURE_FIELDS,
)
_WORD = re.compile(r"\w+")
# Words too common in statements to pick a statement out.
_MONTHS = "january february march april may june july august september october november december"
_COMMON = (
    _NOISE
    | frozenset(_MONTHS.split())
    | frozenset(
        [
            "said",
            "says",
            "say",
            "according",
            "there",
            "than",
            "more",
            "were",
            "have",
            "has",
            "will",
            "would",
            "could",
            "also",
            "this",
        ]
    )
)
_SYNONYMS: dict[str, set[str]] = {}
for _word, _concept in CONCEPTS.items():
    _SYNONYMS.setdefault(_concept, {_concept}).add(_word)
for _phrase, _concept in _PHRASES.items():
    _SYNONYMS.setdefault(_concept, {_concept}).update(
        word for word in _phrase.split() if word not in _NOISE
    )
_PLACE_GROUPS = {name: group for group in PLACES for name in group}


def words(text: str) -> list[str]:
    """The words of `text` as both databases' full-text indexes split them: folded
    (factcheck.text.fold), runs of letters and digits; digits-only words left out."""
    return [word for word in _WORD.findall(fold(text)) if not word.isdigit()]


def counted_terms(counted: str) -> list[str]:
    """The words a claim counting the same thing may use: each word of `counted` (less counting
    noise such as "number", "total"), its singular and plural, and its concept's synonyms
    ("deaths" -> died, killed, fatalities, ...). Sorted, for stable queries."""
    terms: set[str] = set()
    for word in words(counted):
        if word in _NOISE:
            continue
        singular = _singular(word)
        terms.update({word, singular, singular + "s"})
        concept = CONCEPTS.get(word) or CONCEPTS.get(singular)
        if concept:
            terms.update(_SYNONYMS[concept])
    return sorted(term for term in terms if len(term) > 1)


def statement_terms(statement: str, count: int = 4) -> list[str]:
    """The probe's `count` longest distinct words that are not common (the statement's most
    telling words), longest first. Common: counting noise, month names, and the words found
    in more than COMMON_SHARE of claims' statements (`_common_words`)."""
    found = [word for word in words(statement) if len(word) > 2 and word not in _COMMON]
    common = _common_words(found)
    seen = dict.fromkeys(word for word in found if word not in common)
    return sorted(seen, key=lambda word: (-len(word), word))[:count]


_common_cache: dict = {"at": -1e9, "words": frozenset(), "claims_at": -1e9, "claims": 0}
# SQLite: word -> (when looked up, common?), kept ten minutes; emptied when it grows past
# _SQLITE_CACHE_SIZE words.
_sqlite_common: dict[str, tuple[float, bool]] = {}
_SQLITE_CACHE_SIZE = 50_000
# On SQLite a word is common only in more than this many statements too: a small desk's
# shares say nothing (one claim in 400 is a single claim).
MIN_COMMON_CLAIMS = 50


def _common_words(found: list[str]) -> frozenset[str]:
    """The words of `found` (folded words) in more than COMMON_SHARE of claims' statements.
    Searching for one would read thousands of index entries to pick nothing out.

    PostgreSQL: the most-common-elements statistics ANALYZE keeps for the index
    claim_statement_fts_idx (read every ten minutes). SQLite: the FTS5 table's own document
    counts (an fts5vocab table over factcheck_claim_fts, in the connection's temp schema so
    it needs no migration), per word, cached ten minutes; a common word's count costs a read
    of its whole posting list (~20 ms for one in 100,000 statements), hence the cache."""
    if connection.vendor == "postgresql":
        return _common_on_postgresql() & frozenset(found)
    if connection.vendor != "sqlite" or not found:
        return frozenset()
    now = time.monotonic()
    unknown = sorted({w for w in found if now - _sqlite_common.get(w, (-1e9, False))[0] >= 600})
    if unknown:
        if len(_sqlite_common) > _SQLITE_CACHE_SIZE:
            _sqlite_common.clear()
        if now - _common_cache["claims_at"] >= 600:
            claims = sum(ClaimStatusCount.objects.values_list("claims", flat=True))
            _common_cache.update(claims_at=now, claims=claims)
        limit = max(COMMON_SHARE * _common_cache["claims"], MIN_COMMON_CLAIMS)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.factcheck_claim_fts_vocab "
                "USING fts5vocab(main, factcheck_claim_fts, 'col')"
            )
            marks = ", ".join("%s" for _ in unknown)
            cursor.execute(
                "SELECT term, doc FROM temp.factcheck_claim_fts_vocab "  # noqa: S608  # nosec B608
                f"WHERE col = 'statement' AND term IN ({marks})",
                unknown,
            )
            docs = dict(cursor.fetchall())
        for word in unknown:
            _sqlite_common[word] = (now, docs.get(word, 0) > limit)
    return frozenset(w for w in found if _sqlite_common.get(w, (0, False))[1])


def _common_on_postgresql() -> frozenset[str]:
    if time.monotonic() - _common_cache["at"] < 600:
        return _common_cache["words"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'claim_statement_fts_idx'"
        )
        row = cursor.fetchone()
    found = frozenset()
    if row and row[0]:
        found = frozenset(
            w for w, share in zip(row[0], row[1], strict=False) if share > COMMON_SHARE
        )
    _common_cache.update(at=time.monotonic(), words=found)
    return found


def place_spellings(place: str) -> list[str]:
    """The spellings of `place` that the SQL compares (case ignored): as typed, without "the",
    and its aliases (quantities.PLACES)."""
    typed = " ".join(place.split())
    bare = re.sub(r"(?i)^the\s+", "", typed)
    return sorted({typed, bare, *_PLACE_GROUPS.get(fold(bare), ())} - {""})


# --- Full-text conditions, one per database -------------------------------------------------


def _any_of(terms: list[str]) -> list[list[str]]:
    return [[term] for term in terms]


def _at_least(terms: list[str], needed: int) -> list[list[str]]:
    return [list(group) for group in combinations(terms, min(needed, len(terms)))]


def _matches(column: str, groups: list[list[str]]) -> RawSQL:
    """A condition true when `column` (statement or counted) holds every word of at least one
    of `groups`. Words come from `words()`: letters and digits only, so they cannot carry a
    query operator; they are still passed as parameters. (RawSQL, accepted for ruff S611 and
    bandit B611: `column` is one of two literal column names, every value a parameter.)"""
    if connection.vendor == "postgresql":
        query = " | ".join("(" + " & ".join(group) + ")" for group in groups)
        return RawSQL(  # noqa: S611  # nosec B611
            f"to_tsvector('simple'::regconfig, {column}) @@ to_tsquery('simple'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
    query = " OR ".join("(" + " AND ".join(f'"{w}"' for w in group) + ")" for group in groups)
    return RawSQL(  # noqa: S611
        "id IN (SELECT rowid FROM factcheck_claim_fts WHERE factcheck_claim_fts MATCH %s)",
        [f"{column} : ({query})"],
        output_field=BooleanField(),
    )


def _counted_condition(probe: ClaimFields) -> Q | None:
    """What is counted shares a word (or a synonym's) with the probe's, as a substring: tested
    per row of the place and date window, which is cheap for a short text. PostgreSQL: one
    regular expression on counted_folded, read from the place index (migration 0019). SQLite:
    LIKE per word, and since its LIKE ignores case only in ASCII, words in other scripts
    through its FTS5 table."""
    terms = counted_terms(probe.counted)
    if not terms:
        return None
    substrings = _shortest_substrings(terms)
    if connection.vendor == "postgresql":
        # One regular expression per row rather than a LIKE per word, on the folded column
        # (the terms are folded too, so case and Unicode case folding are already dealt
        # with): it is stored in the place index, so the test reads no table row. `|| ''`
        # keeps the planner off the trigram index on counted_folded (migration 0010): for
        # short or common words ("aid", "people") it returned tens of thousands of rows to
        # intersect with a place's few thousand, 60 ms where the index-only scan of the place
        # takes 2. The words are letters and digits only (`words`), so nothing in them is a
        # regex operator; the pattern is still a parameter. Column unqualified: see
        # `_days_from`.
        return Q(
            RawSQL(  # noqa: S611  # nosec B611
                "(counted_folded || '') ~ %s", ["|".join(substrings)], output_field=BooleanField()
            )
        )
    condition = Q()
    for term in substrings:
        condition |= Q(counted__icontains=term)
    other_scripts = [term for term in terms if not term.isascii()]
    if other_scripts:
        condition |= Q(_matches("counted", _any_of(other_scripts)))
    return condition


def _shortest_substrings(terms: list[str]) -> list[str]:
    """`terms` less those that hold another term ("civilians" holds "civilian", "killings"
    "kill"): a text holding the longer holds the shorter, so a substring search finds the same
    rows with fewer alternatives (a third of the time on PostgreSQL's regular expressions)."""
    return [t for t in terms if not any(other != t and other in t for other in terms)]


def _places(probe: ClaimFields) -> list[str] | None:
    """The UPPER(place) values to look in ("" = not said), or None when the probe says no
    place. SQLite's UPPER changes only ASCII letters, so there a place in another script is
    looked for as typed, in lower case, upper case and title case."""
    spellings = place_spellings(probe.place)
    if not spellings:
        return None
    if connection.vendor != "sqlite":
        return ["", *sorted({spelling.upper() for spelling in spellings})]
    cases = {
        variant
        for spelling in spellings
        for variant in (spelling, spelling.lower(), spelling.upper(), spelling.title())
    }
    return ["", *sorted({_ascii_upper(variant) for variant in cases})]


def _ascii_upper(text: str) -> str:
    return "".join(char.upper() if char.isascii() else char for char in text)


# --- The queries ------------------------------------------------------------------------------
# Each narrowing query selects ids only (on PostgreSQL served by its index alone, see
# `_same_quantity`); one last query reads the rows. On PostgreSQL the narrowing queries are the
# branches of one UNION ALL inside that last query, each with its own LIMIT and plan, so a
# lookup is a single round trip. SQLite cannot limit the branches of a compound SELECT, so
# there they run one by one.


def _base(exclude: Iterable[int]) -> QuerySet:
    return Claim.objects.filter(duplicate_of__isnull=True).exclude(pk__in=list(exclude))


def _days_from(as_of: date) -> RawSQL:
    """Days between a claim's as-of date and `as_of`, for ordering the nearest first. Column
    names are left unqualified: the expression runs inside a subquery whose table Django
    renames."""
    if connection.vendor == "postgresql":
        sql = "ABS(as_of - %s::date)"
    else:
        sql = "ABS(julianday(as_of) - julianday(%s))"
    return RawSQL(sql, [as_of.isoformat()], output_field=FloatField())  # noqa: S611  # nosec B611


def _same_quantity(probe: ClaimFields, exclude) -> QuerySet | None:
    """The ids of up to QUANTITY_LIMIT claims counting a word of the probe's counted (or a
    synonym), in the probe's place (its aliases, or no place said), nearest as-of dates first
    within WINDOW. One range of the index on (UPPER(place), as_of) per place value; on
    PostgreSQL that index also carries counted_folded, place, duplicate_of_id and id (migration
    0019), so the whole query is an index-only scan: no table row is read to test what is
    counted. A probe that says no place gets none: without a place (or a date) no index
    narrows a million claims, and its claimant and wording still find candidates. There is
    deliberately no index on as_of alone: given one, the planner walked the whole date window
    on it whenever it misjudged how many claims share a place."""
    condition = _counted_condition(probe)
    places = _places(probe)
    if condition is None or places is None:
        return None
    queryset = _base(exclude).filter(condition).alias(place_upper=Upper("place"))
    queryset = queryset.filter(place_upper__in=places)
    if probe.as_of is None:
        return queryset.order_by("-id").values("id")[:QUANTITY_LIMIT]
    queryset = queryset.filter(as_of__range=(probe.as_of - WINDOW, probe.as_of + WINDOW))
    queryset = queryset.alias(days=_days_from(probe.as_of)).order_by("days", "id")
    return queryset.values("id")[:QUANTITY_LIMIT]


def _same_claimant(probe: ClaimFields, claimant_ids: list[int], exclude) -> QuerySet | None:
    if not claimant_ids or probe.as_of is None:
        return None
    window = (probe.as_of - DATE_WINDOW, probe.as_of + DATE_WINDOW)
    queryset = _base(exclude).filter(claimant_id__in=claimant_ids, as_of__range=window)
    return queryset.order_by().values("id")[:CLAIMANT_LIMIT]


def _similar_text(probe: ClaimFields, exclude) -> QuerySet | None:
    terms = statement_terms(probe.statement)
    if not terms:
        return None
    queryset = _base(exclude).filter(_matches("statement", _at_least(terms, 2))).order_by()
    if probe.as_of is not None:
        queryset = queryset.filter(as_of__range=(probe.as_of - WINDOW, probe.as_of + WINDOW))
    return queryset.values("id")[:TEXT_LIMIT]


def _rows(parts: list[QuerySet]) -> list[dict]:
    """The FIELDS of the claims whose ids `parts` select (see the note above the queries)."""
    if not parts:
        return []
    if connection.vendor == "postgresql":
        ids = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    else:
        ids = {pk for part in parts for pk in part.values_list("id", flat=True)}
        if not ids:
            return []
    return list(Claim.objects.filter(pk__in=ids).order_by().values(*FIELDS))


def _fields(row: dict) -> ClaimFields:
    return ClaimFields(
        statement=row["statement"],
        claimant=row["claimant__name"] or "",
        value=row["value"],
        value_high=row["value_high"],
        qualifier=row["qualifier"] or "",
        unit=row["unit"] or "",
        counted=row["counted"] or "",
        place=row["place"] or "",
        as_of=row["as_of"],
        ref=row["id"],
    )


def candidates(
    probe: ClaimFields, *, claimant_ids: Iterable[int] = (), exclude: Iterable[int] = ()
) -> list[ClaimFields]:
    """The claims worth ranking against `probe` (see the module docstring), as ClaimFields
    whose `ref` is the claim's id, each once, in no particular order. `claimant_ids`: the
    probe's claimant, if it is in the desk (ids); `exclude`: claim ids never to return (the
    probe's own claim). Three to five SQL queries; at most about 280 claims."""
    exclude = list(exclude)
    parts = [
        _same_quantity(probe, exclude),
        _same_claimant(probe, list(claimant_ids), exclude),
        _similar_text(probe, exclude),
    ]
    return [_fields(row) for row in _rows([part for part in parts if part is not None])]
