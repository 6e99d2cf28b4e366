"""Which columns: the figures export's rows, typed, straight from a server-side cursor, with
each claim's evidence links and absolute URL.
"""

from collections import defaultdict
from itertools import islice

from django.conf import settings
from django.db import connection
from django.db.models import CharField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse

from factcheck.models import Evidence

CHUNK_SIZE = 2000

COLUMNS = (
    "claim_id",
    "statement",
    "claimant",
    "claimant_kind",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "counted",
    "place",
    "as_of",
    "status",
    "methodology_notes",
    "evidence_urls",
    "source_url",
    "source_title",
    "source_date",
    "verified_by",
    "verified_at",
    "claim_url",
    "published_url",
)


# A row is a tuple: the COLUMNS, then what only some formats need.
ROW_FIELDS = (*COLUMNS, "claimant_url")
# Where each comes from in the query, when its name there differs.
SOURCES = {
    "claim_id": "id",
    "claimant": "claimant__name",
    "claimant_kind": "claimant__kind",
    "claimant_url": "claimant__url",
}
EVIDENCE_AT = ROW_FIELDS.index("evidence_urls")


def claim_url_pattern():
    """An absolute claim URL with '{}' for the id."""
    marker = 987654321
    path = reverse("claim-detail", args=[marker]).replace(str(marker), "{}")
    return settings.FACTCHECK_BASE_URL + path


def claim_url_expression():
    """The absolute claim URL, built by the database."""
    prefix, suffix = claim_url_pattern().split("{}")
    return Concat(Value(prefix), Cast("id", CharField()), Value(suffix), output_field=CharField())


def export_rows(queryset, chunk_size=CHUNK_SIZE):
    """Yield one tuple per claim in ROW_FIELDS order, typed (int, Decimal, date, datetime,
    str or None), straight from a server-side cursor. On PostgreSQL the evidence URLs are
    aggregated in the same query; elsewhere they come in one query per chunk. Either way
    memory is bounded by the chunk size."""
    queryset = queryset.annotate(claim_url=claim_url_expression())
    if connection.vendor == "postgresql":
        queryset = queryset.annotate(
            evidence_urls=Coalesce(aggregated_evidence_urls(), Value(""), output_field=TextField())
        )
        fields = [SOURCES.get(name, name) for name in ROW_FIELDS]
        yield from queryset.values_list(*fields).iterator(chunk_size=chunk_size)
        return
    fields = [SOURCES.get(name, name) for name in ROW_FIELDS if name != "evidence_urls"]
    records = queryset.values_list(*fields).iterator(chunk_size=chunk_size)
    while chunk := list(islice(records, chunk_size)):
        evidence = _evidence_urls([record[0] for record in chunk])
        for record in chunk:
            urls = " ".join(evidence.get(record[0], ()))
            yield (*record[:EVIDENCE_AT], urls, *record[EVIDENCE_AT:])


def as_dicts(rows, fields=ROW_FIELDS):
    for row in rows:
        yield dict(zip(fields, row, strict=True))


def aggregated_evidence_urls():
    from django.contrib.postgres.aggregates import StringAgg

    urls = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(urls=StringAgg("url", " ", order_by=("added_at", "id")))
        .values("urls")
    )
    return Subquery(urls)


def _evidence_urls(claim_ids):
    urls = defaultdict(list)
    rows = (
        Evidence.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "added_at", "id")
        .values_list("claim_id", "url")
    )
    for claim_id, url in rows:
        urls[claim_id].append(url)
    return urls
