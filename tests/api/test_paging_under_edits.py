"""What a cursor walk of the claim list sees while claims change, as the README ("Lists") and
the API reference's `sort` say: sorts on the creation time give every claim exactly once
whatever is edited or moved; sorts on a value edits change can skip or repeat the claim that
changed, and only it."""

import pytest

from factcheck.models import Claim, Status
from factcheck.queue.filters import SORTS, STABLE_SORTS
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
PAGE = "5"


@pytest.fixture
def claims(db):
    return [ClaimFactory(statement=f"Claim {n}") for n in range(12)]


def page(api, url, params=None):
    body = api.get(url, params).json()
    return [row["id"] for row in body["results"]], body["next"]


def rest_of(api, url):
    ids = []
    while url:
        more, url = page(api, url)
        ids += more
    return ids


def edit(api, pk):
    claim = Claim.objects.get(pk=pk)
    response = api.patch(
        f"/api/v1/claims/{pk}/",
        {"place": f"Lviv {claim.version}"},
        **{"If-Match": f'"claim-{pk}-v{claim.version}"'},
    )
    assert response.status_code == 200, response.content


def move(api, pk):
    claim = Claim.objects.get(pk=pk)
    response = api.post(
        f"/api/v1/claims/{pk}/transitions/",
        {"to_status": Status.IN_REVIEW},
        **{"If-Match": f'"claim-{pk}-v{claim.version}"'},
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("sort", STABLE_SORTS)
def test_a_walk_on_the_creation_time_gives_every_claim_once_whatever_is_edited(
    api_as, claims, sort
):
    api = api_as("editor")
    first, url = page(api, "/api/v1/claims/", {"sort": sort, "page_size": PAGE})
    ahead = [c.pk for c in claims if c.pk not in first]
    edit(api, first[-1])  # the cursor's own claim
    edit(api, ahead[0])
    move(api, ahead[-1])
    edit(api, first[0])
    walked = first + rest_of(api, url)
    assert sorted(walked) == sorted(c.pk for c in claims)
    assert len(walked) == len(set(walked))


def test_paging_by_latest_update_skips_a_claim_edited_before_its_page(api_as, claims):
    """The README's example: `sort=-updated`, a claim not yet reached is edited, so it is now
    first, behind the cursor, and the walk never gives it; every other claim comes once."""
    api = api_as("editor")
    first, url = page(api, "/api/v1/claims/", {"sort": "-updated", "page_size": PAGE})
    unseen = next(c.pk for c in claims if c.pk not in first)
    edit(api, unseen)
    walked = first + rest_of(api, url)
    assert unseen not in walked
    assert sorted(walked) == sorted(c.pk for c in claims if c.pk != unseen)


def test_paging_by_oldest_update_repeats_a_claim_edited_after_it_was_read(api_as, claims):
    api = api_as("editor")
    first, url = page(api, "/api/v1/claims/", {"sort": "updated", "page_size": PAGE})
    edit(api, first[0])
    walked = first + rest_of(api, url)
    assert walked.count(first[0]) == 2
    assert sorted(set(walked)) == sorted(c.pk for c in claims)


def test_the_reference_says_which_sorts_are_stable_under_edits(api_as):
    schema = api_as("viewer").get("/api/v1/schema/", {"format": "json"}).json()
    (sort,) = [
        p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"] if p["name"] == "sort"
    ]
    described = sort["description"]
    assert "Stable under edits: `created`, `-created`" in described
    assert "skipped" in described and "twice" in described
    changing = set(SORTS) - set(STABLE_SORTS)
    assert {name.lstrip("-") for name in changing} <= {"updated", "status", "claimant"}
    for name in ("updated", "status", "claimant"):
        assert f"`{name}`" in described
