"""If-Match on the claim writes (factcheck/api/versions.py): strong comparison, so a weak
ETag never matches (RFC 9110 §13.1.1) and nothing is written."""

import pytest

from factcheck.models import Claim, Status
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def write(api, claim, how, header):
    path = f"/api/v1/claims/{claim.pk}/"
    if how == "edit":
        return api.patch(path, {"place": "Lviv"}, **{"If-Match": header})
    return api.post(path + "transitions/", {"to_status": "in_review"}, **{"If-Match": header})


@pytest.mark.parametrize("how", ["edit", "transition"])
def test_a_weak_etag_of_the_current_version_never_matches(api_as, claim, how):
    claim.refresh_from_db()
    weak = f'W/"claim-{claim.pk}-v{claim.version}"'
    response = write(api_as("editor"), claim, how, weak)
    assert response.status_code == 412
    body = problem(response)
    assert body["code"] == "weak_etag"
    assert "never matches" in body["detail"]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.version, stored.place, stored.status) == (
        claim.version,
        claim.place,
        Status.UNVERIFIED,
    )


@pytest.mark.parametrize("how", ["edit", "transition"])
def test_the_same_etag_strong_is_written(api_as, claim, how):
    claim.refresh_from_db()
    response = write(api_as("editor"), claim, how, f'"claim-{claim.pk}-v{claim.version}"')
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"claim-{claim.pk}-v{claim.version + 1}"'
