import pytest
from django.utils import timezone

from factcheck.models import Claim, Notification, StatusChange
from tests.conftest import WORLD_PK
from tests.factories import ClaimFactory, EvidenceFactory, TrackedQuantityFactory

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


@pytest.mark.parametrize("model", ["comment", "notification", "article", "draftedclaim"])
def test_discussion_notifications_and_intake_are_shown_and_searchable_but_not_writable(
    client_for, superuser, world, model
):
    admin = client_for(superuser)
    listed = admin.get(f"/admin/factcheck/{model}/", {"q": "Plain"})
    assert listed.status_code == 200
    assert f"/admin/factcheck/{model}/{WORLD_PK}/change/" in listed.content.decode()
    shown = admin.get(f"/admin/factcheck/{model}/{WORLD_PK}/change/")
    assert shown.status_code == 200
    assert 'type="submit"' not in shown.content.decode().split('id="content-main"')[1]
    assert admin.get(f"/admin/factcheck/{model}/add/").status_code == 403
    assert (
        admin.post(f"/admin/factcheck/{model}/{WORLD_PK}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert admin.post(f"/admin/factcheck/{model}/{WORLD_PK}/change/", {}).status_code == 403


def test_the_admin_filters_comments_by_hidden_and_notifications_by_read(
    client_for, superuser, world
):
    admin = client_for(superuser)
    hidden = admin.get("/admin/factcheck/comment/", {"hidden_at__isempty": "0"})
    assert hidden.context["cl"].result_count == 1
    assert hidden.context["cl"].result_list[0].is_hidden
    unread = admin.get("/admin/factcheck/notification/", {"read_at__isempty": "1"})
    assert [n.pk for n in unread.context["cl"].result_list] == [WORLD_PK]
    Notification.objects.update(read_at=timezone.now())
    unread = admin.get("/admin/factcheck/notification/", {"read_at__isempty": "1"})
    assert unread.context["cl"].result_count == 0


def change_form(claim, *, evidence=0, **changes):
    """What the admin's change form posts for `claim` as it is, with `changes`."""
    return {
        "statement": claim.statement,
        "claimant": claim.claimant_id,
        "qualifier": claim.qualifier,
        "value": str(claim.value),
        "counted": claim.counted,
        "place": claim.place,
        "expected_version": claim.version,
        "evidence-TOTAL_FORMS": evidence,
        "evidence-INITIAL_FORMS": evidence,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
        **changes,
    }


def test_admin_edit_goes_through_the_service(client_for, superuser, claim):
    EvidenceFactory(claim=claim)
    admin = client_for(superuser)
    page = admin.get(f"/admin/factcheck/claim/{claim.pk}/change/")
    assert page.status_code == 200
    data = change_form(claim, evidence=1, value="300")
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
    data = change_form(claim, as_of="2022-03-01")
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


def test_admin_edit_that_breaks_the_unit_rule_is_refused_with_the_reason(
    client_for, superuser, claim
):
    quantity = TrackedQuantityFactory(name="Civilians killed", unit="")
    Claim.objects.filter(pk=claim.pk).update(quantity=quantity, unit="")
    data = change_form(claim, unit="%")
    response = client_for(superuser).post(
        f"/admin/factcheck/claim/{claim.pk}/change/", data, follow=True
    )
    assert "detach it first or keep the unit" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.unit, claim.version) == ("", 1)


def test_admin_assigns_a_claim_that_has_a_verdict(client_for, superuser, editor2, claim):
    # Assigning is not content: the claim page and the queue allow it in any status, and so
    # does the admin, while the content stays locked.
    Claim.objects.filter(pk=claim.pk).update(status="confirmed")
    claim.refresh_from_db()
    data = change_form(claim, as_of=claim.as_of.isoformat(), assigned_to=editor2.pk)
    response = client_for(superuser).post(f"/admin/factcheck/claim/{claim.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert (claim.assigned_to, claim.status, claim.version) == (editor2, "confirmed", 1)
