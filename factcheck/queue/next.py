"""The next claim to work on: after a decision, the claim page offers the first claim of the
queue the editor came from (same filters, same sort), so a queue is worked through without
going back to it each time."""

from django.http import QueryDict
from django.urls import reverse

from factcheck.queue.filters import ClaimFilter


def next_claim_link(claim, queue_query: str, request) -> str | None:
    """The address of the first claim other than `claim` in the queue given by
    `queue_query` (the queue's query string; empty: the open claims, oldest first), itself
    carrying that query string; None when the queue holds no other claim or the query is not
    valid (`request` is for the "assigned to me" filter). Two queries: the filter form's
    user list, then one row."""
    data = QueryDict(queue_query or "")
    data = data.copy()
    data.pop("page", None)
    filterset = ClaimFilter(data, request=request)
    if not filterset.is_valid():
        return None
    following = filterset.qs.exclude(pk=claim.pk).values_list("pk", flat=True).first()
    if following is None:
        return None
    params = QueryDict(mutable=True)
    params["queue"] = data.urlencode()
    link = reverse("claim-detail", args=[following])
    return f"{link}?{params.urlencode()}" if params["queue"] else link
