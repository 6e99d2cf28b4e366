"""Read queries for the claim queue: status counts and pages, in a constant number of queries.

A queue page costs one GROUP BY for the counts per status and one query for its rows,
whatever the page size, the page number or the number of claims. The paginator's total is
the sum of the counts for the chosen statuses, so no separate COUNT(*) is run: the figure is
exact for every filter because both come from the same filtered claims.
"""

from django.core.paginator import Paginator
from django.db.models import Count

from factcheck.models import Claim, Status

PAGE_SIZE = 50

# What a queue row shows; long text the row never shows (methodology notes) stays in the db.
ROW_FIELDS = (
    "id",
    "statement",
    "claimant__id",
    "claimant__name",
    "value",
    "value_high",
    "qualifier",
    "unit",
    "counted",
    "place",
    "as_of",
    "status",
    "assigned_to__id",
    "assigned_to__username",
    "created_at",
    "updated_at",
    "version",
)


def status_counts(queryset):
    """{status: number of claims} for every status, zeros included, in workflow order."""
    rows = queryset.order_by().values_list("status").annotate(n=Count("id"))
    found = dict(rows)
    return {status: found.get(status, 0) for status in Status.values}


def queue_rows(queryset):
    return queryset.select_related("claimant", "assigned_to").only(*ROW_FIELDS)


class CountedPaginator(Paginator):
    """A paginator told its total, which the caller already knows from the status counts."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self):
        return self._count


def queue_page(filterset, page_number, per_page=PAGE_SIZE):
    """The status counts (other filters applied, status ignored) and the requested page.

    Raises django.core.paginator.InvalidPage (PageNotAnInteger, EmptyPage) for a bad page."""
    counts = status_counts(filterset.queryset_ignoring("status"))
    chosen = filterset.form.cleaned_data.get("status") or Status.values
    total = sum(counts[status] for status in chosen)
    paginator = CountedPaginator(queue_rows(filterset.qs), per_page, count=total)
    return counts, paginator.page(page_number)
