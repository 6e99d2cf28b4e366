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


# --- Changing a subscription on its page -------------------------------------------------------


@pytest.fixture
def subscription(editor, allow_private):
    subscription, _secret = create_subscription(
        actor=editor,
        url="http://127.0.0.1:9/hook",
        event_types=[EventType.STATUS_CHANGED],
        description="Graphics desk",
    )
    return subscription


def edit(client, subscription, **data):
    return client.post(reverse("webhook-edit", args=[subscription.pk]), data)


def test_the_edit_page_shows_the_subscription_as_it_is(client_for, editor, subscription):
    page = client_for(editor).get(reverse("webhook-edit", args=[subscription.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial == {
        "url": "http://127.0.0.1:9/hook",
        "event_types": ["claim.status_changed"],
        "description": "Graphics desk",
    }
    assert subscription.secret not in page.content.decode()


def test_the_edit_page_changes_address_and_event_types_but_not_the_secret(
    client_for, editor, subscription
):
    secret = subscription.secret
    response = edit(
        client_for(editor),
        subscription,
        url="http://127.0.0.1:9/new-hook",
        event_types=["claim.created", "claim.evidence_changed"],
        description="Graphics desk, new receiver",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("webhook-detail", args=[subscription.pk])
    subscription.refresh_from_db()
    assert subscription.url == "http://127.0.0.1:9/new-hook"
    assert subscription.event_types == ["claim.created", "claim.evidence_changed"]
    assert subscription.description == "Graphics desk, new receiver"
    assert subscription.secret == secret


@pytest.mark.parametrize(
    ("url", "types", "message"),
    [
        ("http://10.1.2.3/x", ["claim.created"], "private, loopback or link-local"),
        ("http://169.254.169.254/latest", ["claim.created"], "private, loopback or link-local"),
        ("ftp://example.org/x", ["claim.created"], "starting with http:// or https://"),
        ("http://93.184.215.14/x", [], "This field is required"),
        ("http://93.184.215.14/x", ["claim.deleted"], "Select a valid choice"),
    ],
)
def test_the_edit_page_refuses_what_the_api_refuses_and_changes_nothing(
    client_for, editor, subscription, settings, url, types, message
):
    settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = False
    response = edit(client_for(editor), subscription, url=url, event_types=types)
    assert response.status_code == 400
    assert message in response.content.decode()
    subscription.refresh_from_db()
    assert (subscription.url, subscription.event_types) == (
        "http://127.0.0.1:9/hook",
        ["claim.status_changed"],
    )


def test_only_people_who_may_manage_webhooks_may_edit_one(client_for, reporter, subscription):
    response = edit(
        client_for(reporter),
        subscription,
        url="http://93.184.215.14/x",
        event_types=["claim.created"],
    )
    assert response.status_code == 403
    subscription.refresh_from_db()
    assert subscription.url == "http://127.0.0.1:9/hook"


def test_the_edit_page_of_an_unknown_subscription_is_not_found(client_for, editor):
    assert client_for(editor).get(reverse("webhook-edit", args=[987654])).status_code == 404
