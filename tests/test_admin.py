import pytest

from factcheck.models import StatusChange
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["claim", "claimant", "evidence", "statuschange"])
def test_admin_lists_every_model(client_for, superuser, model):
    ClaimFactory()
    response = client_for(superuser).get(f"/admin/factcheck/{model}/")
    assert response.status_code == 200


def test_audit_trail_is_read_only_in_the_admin(client_for, superuser, claim, editor):
    change = StatusChange.objects.create(
        claim=claim, from_status="unverified", to_status="in_review", actor=editor
    )
    admin = client_for(superuser)
    assert admin.get("/admin/factcheck/statuschange/add/").status_code == 403
    assert (
        admin.post(
            f"/admin/factcheck/statuschange/{change.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_admin_edit_goes_through_the_service(client_for, superuser, claim):
    EvidenceFactory(claim=claim)
    admin = client_for(superuser)
    page = admin.get(f"/admin/factcheck/claim/{claim.pk}/change/")
    assert page.status_code == 200
    data = {
        "statement": claim.statement,
        "claimant": claim.claimant_id,
        "qualifier": claim.qualifier,
        "value": "300",
        "counted": claim.counted,
        "place": claim.place,
        "expected_version": claim.version,
        "evidence-TOTAL_FORMS": 1,
        "evidence-INITIAL_FORMS": 1,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    response = admin.post(f"/admin/factcheck/claim/{claim.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert (claim.value, claim.version, claim.updated_by) == (300, 2, superuser)

    stale = admin.post(
        f"/admin/factcheck/claim/{claim.pk}/change/",
        {**data, "value": "400", "expected_version": 1},
    )
    assert stale.status_code == 200
    assert "changed this claim" in stale.content.decode()
    claim.refresh_from_db()
    assert claim.value == 300


def test_admin_assigns_through_the_service(client_for, superuser, editor, viewer, claim):
    admin = client_for(superuser)
    data = {
        "statement": claim.statement,
        "claimant": claim.claimant_id,
        "qualifier": claim.qualifier,
        "value": "227",
        "counted": claim.counted,
        "place": claim.place,
        "as_of": "2022-03-01",
        "expected_version": claim.version,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    response = admin.post(
        f"/admin/factcheck/claim/{claim.pk}/change/", {**data, "assigned_to": editor.pk}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.assigned_to, claim.version) == (editor, 1)  # assigning is not a content edit

    refused = admin.post(
        f"/admin/factcheck/claim/{claim.pk}/change/",
        {**data, "assigned_to": viewer.pk},
        follow=True,
    )
    assert "only active editors and reporters" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.assigned_to == editor
