"""Correcting a claimant in the admin is recorded on every claim of the claimant, confirmed
ones included, and shown on each claim's page; each claim writes its event and tells its
watchers, in the correction's transaction."""

import json

import pytest
from django.db import transaction

from factcheck.claims.claimants import change_claimant
from factcheck.errors import NotPermitted
from factcheck.models import (
    ClaimChange,
    Event,
    EventType,
    Notification,
    Status,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.notifications.models import NotificationKind
from factcheck.notifications.services import start_watching
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
    assert not Event.objects.filter(type=EventType.CLAIM_EDITED).exists()


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


def edited_events():
    return [
        (event.claim_id, json.loads(event.data))
        for event in Event.objects.filter(type=EventType.CLAIM_EDITED).order_by("claim_id")
    ]


def test_a_rename_writes_one_event_per_claim_carrying_the_new_name(superuser, claimant_with_claims):
    claimant, claims = claimant_with_claims
    claims.append(ClaimFactory(claimant=claimant))
    change_claimant(claimant=claimant, actor=superuser, data={"name": "UN refugee agency"})

    assert ClaimChange.objects.filter(field="claimant").count() == 3
    written = edited_events()
    assert [claim_id for claim_id, _ in written] == sorted(claim.pk for claim in claims)
    for _, data in written:
        assert data["claim"]["claimant"]["name"] == "UN refugee agency"
        assert data["actor"] == superuser.username
        assert data["changes"] == [
            {"field": "claimant", "from": "UNHCR", "to": "UN refugee agency"}
        ]


def test_a_rename_is_delivered_to_webhooks_that_want_edits(superuser, claimant_with_claims):
    claimant, claims = claimant_with_claims
    subscription = WebhookSubscription.objects.create(
        url="https://example.org/hook",
        event_types=[EventType.CLAIM_EDITED],
        secret="whsec_x",
        created_by=superuser,
    )
    change_claimant(claimant=claimant, actor=superuser, data={"name": "UN refugee agency"})
    assert WebhookDelivery.objects.filter(subscription=subscription).count() == len(claims)


def test_a_rename_tells_each_claims_watchers_but_not_the_actor(
    superuser, editor, editor2, viewer, claimant_with_claims
):
    claimant, (confirmed, other) = claimant_with_claims
    for user in (editor2, superuser):
        start_watching(claim=confirmed, user=user)
    start_watching(claim=other, user=viewer)
    Notification.objects.all().delete()

    change_claimant(claimant=claimant, actor=superuser, data={"name": "UN refugee agency"})

    told = sorted(
        Notification.objects.values_list("recipient__username", "claim_id", "event", "text")
    )
    assert [row[:3] for row in told] == sorted(
        [
            ("editor2", confirmed.pk, NotificationKind.EDITED),
            ("viewer", other.pk, NotificationKind.EDITED),
        ]
    )
    assert all(f"{superuser.username} edited claimant of claim" in row[3] for row in told)


def test_a_rename_that_rolls_back_writes_no_row_event_or_notification(
    superuser, editor2, claimant_with_claims
):
    claimant, (confirmed, _) = claimant_with_claims
    start_watching(claim=confirmed, user=editor2)
    before = Event.objects.count(), Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        change_claimant(claimant=claimant, actor=superuser, data={"name": "UN refugee agency"})
        assert Event.objects.count() == before[0] + 2  # written, then rolled back
        raise RuntimeError("the surrounding transaction fails")
    assert not ClaimChange.objects.filter(field="claimant").exists()
    assert (Event.objects.count(), Notification.objects.count()) == before
    claimant.refresh_from_db()
    assert claimant.name == "UNHCR"


def test_a_kind_change_lists_every_changed_field_in_one_event_per_claim(
    superuser, claimant_with_claims
):
    claimant, claims = claimant_with_claims
    change_claimant(
        claimant=claimant, actor=superuser, data={"kind": "ngo", "url": "https://unhcr.org/"}
    )
    written = edited_events()
    assert len(written) == len(claims)
    assert [c["field"] for c in written[0][1]["changes"]] == ["claimant_kind", "claimant_url"]
