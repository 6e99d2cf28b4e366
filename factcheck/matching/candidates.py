"""Which existing claims are worth ranking against a new one: candidates from the database.

`rank_matches` judges a few hundred claims in a few milliseconds; a desk holds a million. This
selector narrows them with indexes, in three small queries whose results are merged:

- **same quantity**: what is counted shares a word with the probe's, its synonyms and plural
  forms included (full-text: `CONCEPTS` of factcheck.matching.quantities, so "deaths" finds
  "killed"; on PostgreSQL also trigram similarity, for typos), in the same place or a place not
  said, as of within `WINDOW` of the probe's date, nearest dates first;
- **same claimant**: the same claimant (by name, ignoring case), as of within the matching
  rules' own date window (factcheck.matching.ranking.DATE_WINDOW);
- **similar text**: the statement holds at least three of the probe's four longest words
  (all of them when it has fewer), within `WINDOW` when the probe has a date.

Full-text runs on PostgreSQL's GIN indexes on to_tsvector('simple', ...) and on SQLite's FTS5
table factcheck_claim_fts (migration 0010). Claims marked as duplicates are left out: the claim
they repeat is found instead. What this misses, by design: a place spelt otherwise than the
probe's (other than the aliases in quantities.PLACES), a claimant's alias named by no shared
counted word and no date, and on SQLite a typo in what is counted.
"""

import re
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import combinations

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from factcheck.matching.fields import ClaimFields
from factcheck.matching.quantities import _NOISE, _PHRASES, CONCEPTS, PLACES, _singular
from factcheck.matching.ranking import DATE_WINDOW
from factcheck.models import Claim
from factcheck.text import fold

# Same-quantity candidates as of this far either side: a claimant's updated count within a
# month is what "same quantity, other figure" is for.
WINDOW = timedelta(days=31)
QUANTITY_LIMIT = 160  # split between earlier and later dates
CLAIMANT_LIMIT = 40
TEXT_LIMIT = 80
FIELDS = (
    "id",
    "statement",
    "claimant__name",
    "value",
    "value_high",
    "qualifier",
    "unit",
    "counted",
    "place",
    "as_of",
)
_WORD = re.compile(r"\w+")
# Words too common in statements to pick a statement out.
_COMMON = _NOISE | frozenset(
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
    telling words), longest first."""
    seen = dict.fromkeys(word for word in words(statement) if len(word) > 2 and word not in _COMMON)
    return sorted(seen, key=lambda word: (-len(word), word))[:count]


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
            f"to_tsvector('simple'::regconfig, factcheck_claim.{column}) "
            "@@ to_tsquery('simple'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
    query = " OR ".join("(" + " AND ".join(f'"{w}"' for w in group) + ")" for group in groups)
    return RawSQL(  # noqa: S611  # nosec B611
        "factcheck_claim.id IN (SELECT rowid FROM factcheck_claim_fts "
        "WHERE factcheck_claim_fts MATCH %s)",
        [f"{column} : ({query})"],
        output_field=BooleanField(),
    )


def _counted_condition(probe: ClaimFields) -> Q | None:
    terms = counted_terms(probe.counted)
    if not terms:
        return None
    condition = Q(_matches("counted", _any_of(terms)))
    if connection.vendor == "postgresql":
        # Typos ("civillians"): pg_trgm's similarity on the index of migration 0007.
        condition |= Q(
            RawSQL(  # noqa: S611  # nosec B611
                "UPPER(factcheck_claim.counted) %% UPPER(%s)",
                [probe.counted],
                output_field=BooleanField(),
            )
        )
    return condition


def _place_condition(probe: ClaimFields) -> Q:
    spellings = place_spellings(probe.place)
    if not spellings or (connection.vendor == "sqlite" and not probe.place.isascii()):
        # SQLite compares case only in ASCII: leave other places to the ranking.
        return Q()
    condition = Q(place="")
    for spelling in spellings:
        condition |= Q(place__iexact=spelling)
    return condition


# --- The queries ------------------------------------------------------------------------------


def _base(exclude: Iterable[int]) -> QuerySet:
    return Claim.objects.filter(duplicate_of__isnull=True).exclude(pk__in=list(exclude))


def _around(queryset: QuerySet, as_of: date | None, window: timedelta, limit: int) -> list:
    """Up to `limit` rows of `queryset`, as of nearest to `as_of` first (half earlier, half
    later, each walking the as-of index outwards), or the newest claims without a date."""
    if as_of is None:
        return list(queryset.order_by("-id").values(*FIELDS)[:limit])
    half = max(1, limit // 2)
    later = queryset.filter(as_of__gte=as_of, as_of__lte=as_of + window).order_by("as_of", "id")
    earlier = queryset.filter(as_of__lt=as_of, as_of__gte=as_of - window).order_by("-as_of", "-id")
    return list(later.values(*FIELDS)[:half]) + list(earlier.values(*FIELDS)[:half])


def _same_quantity(probe: ClaimFields, exclude) -> list:
    condition = _counted_condition(probe)
    if condition is None:
        return []
    queryset = _base(exclude).filter(condition).filter(_place_condition(probe))
    return _around(queryset, probe.as_of, WINDOW, QUANTITY_LIMIT)


def _same_claimant(probe: ClaimFields, claimant_ids: list[int], exclude) -> list:
    if not claimant_ids or probe.as_of is None:
        return []
    queryset = _base(exclude).filter(claimant_id__in=claimant_ids)
    return _around(queryset, probe.as_of, DATE_WINDOW, CLAIMANT_LIMIT)


def _similar_text(probe: ClaimFields, exclude) -> list:
    terms = statement_terms(probe.statement)
    if not terms:
        return []
    queryset = _base(exclude).filter(_matches("statement", _at_least(terms, 3))).order_by()
    if probe.as_of is not None:
        queryset = queryset.filter(as_of__range=(probe.as_of - WINDOW, probe.as_of + WINDOW))
    return list(queryset.values(*FIELDS)[:TEXT_LIMIT])


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
    rows = [
        *_same_quantity(probe, exclude),
        *_same_claimant(probe, list(claimant_ids), exclude),
        *_similar_text(probe, exclude),
    ]
    unique = {row["id"]: row for row in rows}
    return [_fields(row) for row in unique.values()]
