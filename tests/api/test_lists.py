"""Lists: the queue's filters and sorts, keyset cursors stable under inserts, capped pages,
constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.models import Claim, Status
from factcheck.queue.filters import SORTS
from tests.api.conftest import problem
from tests.factories import ClaimantFactory, ClaimFactory


def walk(api, path, **query):
    """Every id of a list, following `next` links."""
    ids, url, params = [], path, {**query}
    while url:
        body = api.get(url, params).json()
        ids += [row["id"] for row in body["results"]]
        url, params = body["next"], None
    return ids


@pytest.fixture
def claims(db):
    start = timezone.now() - datetime.timedelta(days=30)
    claimants = [ClaimantFactory(name=name) for name in ("Alpha", "Beta", "Gamma")]
    made = []
    for n in range(23):
        claim = ClaimFactory(claimant=claimants[n % 3])
        # Ties on purpose: pairs share a creation time, so the id must break them.
        Claim.objects.filter(pk=claim.pk).update(
            created_at=start + datetime.timedelta(hours=n // 2)
        )
        made.append(claim)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("sort", list(SORTS))
def test_each_sort_pages_through_every_claim_in_the_queues_order(
    api_as, claims, sort, client_for, editor
):
    api = api_as("viewer")
    paged = walk(api, "/api/v1/claims/", sort=sort, page_size="4", status=Status.values)
    queue = client_for(editor).get("/claims/", {"sort": sort, "status": Status.values})
    assert paged == [row.id for row in queue.context["page_obj"].object_list]
    assert len(paged) == len(set(paged)) == 23


@pytest.mark.django_db
def test_no_filter_gives_the_open_claims_oldest_first(api_as, claims):
    ids = walk(api_as("viewer"), "/api/v1/claims/")
    assert ids == list(
        Claim.objects.filter(status__in=["unverified", "in_review"])
        .order_by("created_at", "id")
        .values_list("id", flat=True)
    )


@pytest.mark.django_db
def test_a_cursor_is_stable_when_claims_are_added_meanwhile(api_as, claims):
    api = api_as("viewer")
    first = api.get("/api/v1/claims/", {"page_size": "5"}).json()
    ClaimFactory()  # newest: sorts last
    for claim in claims[:3]:  # and some that sort first, before the cursor
        Claim.objects.filter(pk=claim.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=90)
        )
    rest = walk(api, first["next"])
    seen = [row["id"] for row in first["results"]]
    assert not set(seen) & set(rest)
    assert set(seen) | set(rest) >= {c.pk for c in claims[3:]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"claimant": "99999999999999999999999"},
        {"created_after": "2022-13-40"},
        {"page_size": "0"},
        {"page_size": "201"},
        {"page_size": "٣"},
        {"cursor": "not-a-cursor"},
        {"cursor": "\x00"},
        {"stauts": "confirmed"},
        {"q": "a\x00b"},
    ],
)
def test_bad_parameters_are_400_problems(api_as, claims, query):
    response = api_as("viewer").get("/api/v1/claims/", query)
    assert response.status_code == 400
    assert problem(response)["problems"]


@pytest.mark.django_db
def test_a_cursor_of_another_sort_is_refused(api_as, claims):
    api = api_as("viewer")
    cursor = api.get("/api/v1/claims/", {"page_size": "2"}).json()["next"].split("cursor=")[1]
    response = api.get("/api/v1/claims/", {"cursor": cursor, "sort": "-updated"})
    assert response.status_code == 400
    assert problem(response)["problems"][0]["code"] == "invalid_cursor"


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_depth_or_page_size(api_as, claims):
    api = api_as("viewer")
    counts = []
    for query in ({"page_size": "2"}, {"page_size": "20"}):
        url = "/api/v1/claims/"
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                body = api.get(url, query).json()
            counts.append(len(queries))
            url, query = body["next"], None
    assert len(set(counts)) == 1, counts
