"""Subscriptions: the secret comes back once, bad input is refused with codes, only editors."""

import pytest
from django.urls import reverse

from factcheck.errors import InvalidInput, NotPermitted
from factcheck.models import EventType, WebhookSubscription
from factcheck.webhooks.addresses import public_address
from factcheck.webhooks.services import create_subscription

pytestmark = pytest.mark.django_db


def test_create_returns_a_standard_webhooks_secret(editor, allow_private):
    subscription, secret = create_subscription(
        actor=editor, url="http://127.0.0.1:9/hook", event_types=[EventType.STATUS_CHANGED]
    )
    assert secret.startswith("whsec_") and len(secret) > 40
    assert subscription.state == "active"
    assert subscription.event_types == ["claim.status_changed"]


@pytest.mark.parametrize(
    ("url", "types", "codes"),
    [
        ("ftp://example.org/x", ["claim.created"], ["webhook_url_invalid"]),
        ("http://127.0.0.1:8000/x", ["claim.created"], ["webhook_target_refused"]),
        ("http://10.1.2.3/x", ["claim.created"], ["webhook_target_refused"]),
        ("http://[::1]/x", ["claim.created"], ["webhook_target_refused"]),
        ("http://169.254.169.254/latest", ["claim.created"], ["webhook_target_refused"]),
        ("http://93.184.215.14/x", [], ["event_types_required"]),
        ("http://93.184.215.14/x", ["claim.deleted"], ["event_type_unknown"]),
    ],
)
def test_bad_subscriptions_are_refused_with_a_code_per_problem(editor, url, types, codes):
    with pytest.raises(InvalidInput) as refused:
        create_subscription(actor=editor, url=url, event_types=types)
    assert [p.code for p in refused.value.problems] == codes
    assert WebhookSubscription.objects.count() == 0


def test_only_people_who_may_manage_webhooks_subscribe(reporter):
    with pytest.raises(NotPermitted):
        create_subscription(
            actor=reporter, url="http://93.184.215.14/x", event_types=["claim.created"]
        )


def test_public_and_private_addresses():
    assert public_address("93.184.215.14")
    assert public_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    private = ["127.0.0.1", "10.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.169.254", "::1"]
    private += ["fe80::1", "fc00::1", "::ffff:127.0.0.1", "0." + "0.0.0", "100.64.0.1"]
    for address in private:
        assert not public_address(address), address


def test_the_page_shows_the_secret_once_and_the_failing_state(client_for, editor, allow_private):
    client = client_for(editor)
    response = client.post(
        reverse("webhook-create"),
        {"url": "http://127.0.0.1:9/hook", "event_types": ["claim.status_changed"]},
    )
    subscription = WebhookSubscription.objects.get()
    assert response["Location"] == reverse("webhook-detail", args=[subscription.pk])
    first = client.get(response["Location"]).content.decode()
    assert subscription.secret in first
    again = client.get(response["Location"]).content.decode()
    assert subscription.secret not in again

    WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since="2026-11-30T10:00Z")
    page = client.get(response["Location"]).content.decode()
    assert "Failing since 30 Nov 2026, 10:00" in page
    assert "Failing" in client.get(reverse("webhook-list")).content.decode()


def test_the_form_says_what_is_wrong(client_for, editor):
    response = client_for(editor).post(
        reverse("webhook-create"), {"url": "http://127.0.0.1/x", "event_types": ["claim.created"]}
    )
    assert response.status_code == 400
    assert "private, loopback or link-local" in response.content.decode()
