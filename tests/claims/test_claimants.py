"""Correcting a claimant in the admin is recorded on every claim of the claimant, confirmed
ones included, and shown on each claim's page."""

import pytest

from factcheck.claims.claimants import change_claimant
from factcheck.errors import NotPermitted
from factcheck.models import ClaimChange, Status
from tests.factories import ClaimantFactory, ClaimFactory, give_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimant_with_claims(editor):
    claimant = ClaimantFactory(name="UNHCR", kind="un_agency")
    confirmed = give_verdict(ClaimFactory(claimant=claimant), Status.CONFIRMED, editor)
    return claimant, [confirmed, ClaimFactory(claimant=claimant)]


def test_a_rename_in_the_admin_is_recorded_and_shown_on_every_claim(
    client_for, superuser, claimant_with_claims
):
    claimant, claims = claimant_with_claims
    client = client_for(superuser)
    response = client.post(
        f"/admin/factcheck/claimant/{claimant.pk}/change/",
        {"name": "UN refugee agency (UNHCR)", "kind": "un_agency", "url": ""},
    )
    assert response.status_code == 302
    for claim in claims:
        change = ClaimChange.objects.get(claim=claim)
        assert (change.field, change.old_value, change.new_value, change.actor) == (
            "claimant",
            "UNHCR",
            "UN refugee agency (UNHCR)",
            superuser,
        )
        page = client.get(f"/claims/{claim.pk}/").content.decode()
        assert "UNHCR" in page and "UN refugee agency (UNHCR)" in page


def test_an_unchanged_save_records_nothing(client_for, superuser, claimant_with_claims):
    claimant, _ = claimant_with_claims
    client_for(superuser).post(
        f"/admin/factcheck/claimant/{claimant.pk}/change/",
        {"name": "UNHCR", "kind": "un_agency", "url": ""},
    )
    assert not ClaimChange.objects.exists()


def test_each_changed_field_is_recorded(editor, superuser, claimant_with_claims):
    claimant, claims = claimant_with_claims
    change_claimant(
        claimant=claimant, actor=superuser, data={"kind": "ngo", "url": "https://unhcr.org/"}
    )
    assert set(ClaimChange.objects.values_list("claim", "field")) == {
        (claim.pk, field) for claim in claims for field in ("claimant_kind", "claimant_url")
    }


def test_only_people_who_may_change_claimants_may(viewer, claimant_with_claims):
    claimant, _ = claimant_with_claims
    with pytest.raises(NotPermitted):
        change_claimant(claimant=claimant, actor=viewer, data={"name": "X"})
    claimant.refresh_from_db()
    assert claimant.name == "UNHCR"
