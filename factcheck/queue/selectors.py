"""Read queries for the claim queue: status counts and pages, in a constant number of queries.

A queue page costs one query for the counts per status and one for its rows, whatever the
page size, the page number or the number of claims:

- With no filter but status, the counts come from `ClaimStatusCount`, which database triggers
  keep exact, so the default view never counts a million rows.
- With other filters, the matching claims are counted per status, but at most
  `COUNT_LIMIT` of them: beyond that the page says "more than 5,000" rather than spend the
  time to count them all. Counts shown are always exact; a capped count is never guessed.
- The rows are read with OFFSET over ids only (see `page_rows`) and one row more than the
  page holds, which says whether there is a next page without a COUNT(*).
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connections
from django.db.models import Count, QuerySet, Subquery

from factcheck.models import FIGURE_FIELDS, MAX_ID, Claim, ClaimStatusCount, Status

PAGE_SIZE = 50
COUNT_LIMIT = 5_000

# What a queue row shows; long text the row never shows (methodology notes) stays in the db.
ROW_FIELDS = (
    "id",
    "statement",
    "claimant__id",
    "claimant__name",
    *FIGURE_FIELDS,
    "status",
    "assigned_to__id",
    "assigned_to__username",
    "created_at",
    "updated_at",
    "version",
    "duplicate_of",  # the queue's duplicate marker (issue 18): a column, not a join
)


def status_counts(queryset: QuerySet) -> dict[str, int]:
    """{status: number of claims} for every status, zeros included, in workflow order."""
    found = dict(queryset.order_by().values_list("status").annotate(n=Count("id")))
    return {status: found.get(status, 0) for status in Status.values}


def stored_status_counts() -> dict[str, int]:
    """The same for all claims, from the trigger-kept table: one read of six rows."""
    found = dict(ClaimStatusCount.objects.values_list("status", "claims"))
    return {status: found.get(status, 0) for status in Status.values}


def capped_status_counts(queryset: QuerySet, limit: int | None = None) -> dict[str, int] | None:
    """Counts per status of the matching claims, or None if more than `limit` match."""
    limit = COUNT_LIMIT if limit is None else limit
    sample = queryset.order_by().values("status")[: limit + 1]
    sql, params = sample.query.get_compiler(using=sample.db).as_sql()
    with connections[sample.db].cursor() as cursor:
        # Counting over a LIMITed subquery stops reading after limit + 1 rows. The inner SQL
        # is the ORM's own, with every value passed separately in params.
        capped = f"SELECT status, COUNT(*) FROM ({sql}) AS capped GROUP BY status"  # noqa: S608  # nosec B608
        cursor.execute(capped, params)
        found = dict(cursor.fetchall())
    if sum(found.values()) > limit:
        return None
    return {status: found.get(status, 0) for status in Status.values}


def queue_rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("claimant", "assigned_to").only(*ROW_FIELDS)


def page_rows(queryset: QuerySet, offset: int, limit: int) -> QuerySet:
    """The rows of one page, found by id first: the OFFSET walks only an index of ids (an
    index-only scan on PostgreSQL) and the joins and wide columns are read for the page's own
    rows, so page 1,000 costs little more than page 1. Still one SQL query."""
    ids = queryset.values("id")[offset : offset + limit]
    ordering = queryset.query.order_by
    page = Claim.objects.filter(id__in=Subquery(ids))
    if "status_rank" in queryset.query.annotations:
        page = page.alias(status_rank=queryset.query.annotations["status_rank"])
    return queue_rows(page.order_by(*ordering))


@dataclass
class QueuePage:
    """One page of the queue. `total` is None when more than COUNT_LIMIT claims match."""

    number: int
    per_page: int
    total: int | None
    object_list: list = field(repr=False)
    has_next: bool

    @property
    def num_pages(self):
        return None if self.total is None else max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self):
        return (self.number - 1) * self.per_page + len(self.object_list)


def page_number(raw) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise PageNotAnInteger(raw) from None
    if number < 1:
        raise EmptyPage(raw)
    return number


def queue_counts(filterset) -> dict[str, int] | None:
    """Counts per status under the filters other than status, or None if beyond the cap."""
    if filterset.filters_only_status:
        return stored_status_counts()
    return capped_status_counts(filterset.queryset_ignoring("status"))


def queue_page(
    filterset, requested_page, per_page: int | None = None
) -> tuple[dict[str, int] | None, "QueuePage"]:
    """(counts per status or None, QueuePage) for a valid filterset.

    Raises django.core.paginator.InvalidPage (PageNotAnInteger, EmptyPage) for a bad page."""
    per_page = per_page or PAGE_SIZE
    number = page_number(requested_page)
    counts = queue_counts(filterset)
    total = None
    if counts is not None:
        chosen = filterset.form.cleaned_data.get("status") or Status.values
        total = sum(counts[status] for status in chosen)
        if number > max(1, math.ceil(total / per_page)):
            raise EmptyPage(requested_page)
    offset = (number - 1) * per_page
    if offset > MAX_ID:  # no such page, and the databases refuse an OFFSET beyond 64 bits
        raise EmptyPage(requested_page)
    rows = list(page_rows(filterset.qs, offset, per_page + 1))
    if not rows and number > 1:
        raise EmptyPage(requested_page)
    page = QueuePage(number, per_page, total, rows[:per_page], has_next=len(rows) > per_page)
    return counts, page
