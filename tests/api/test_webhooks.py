"""Webhook subscriptions over the API: the settings pages' rules (who, which addresses, the
secret shown once, the failing state) through the same services, as problem documents."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from factcheck import permissions
from factcheck.models import (
    DeliveryAttempt,
    DeliveryState,
    Event,
    EventType,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.roles import REPORTER
from factcheck.webhooks.services import create_subscription
from tests.api.conftest import problem
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "viewer", "reporter", "editor", "granted", "revoked", "expired")
# An address on the public internet that nothing here ever calls (TEST-NET-3 is not global,
# so a literal public address).
PUBLIC = "http://93.184.215.14/hook"


@pytest.fixture
def granted(db):
    """A reporter given the webhook permission by itself: the permission decides, not the
    role."""
    user = UserFactory(username="integrations", role=REPORTER)
    app_label, codename = permissions.MANAGE_WEBHOOKS.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return user


@pytest.fixture
def subscription(editor):
    return create_subscription(actor=editor, url=PUBLIC, event_types=["claim.created"])[0]


def log_attempts(subscription, count, *, start=None):
    """`count` failed attempts to deliver one event to `subscription`, a second apart."""
    claim = ClaimFactory()
    event = Event.objects.create(type=EventType.CLAIM_CREATED, claim=claim, data="{}")
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=event, claim_id=claim.pk, attempts=count
    )
    start = start or timezone.now()
    return [
        DeliveryAttempt.objects.create(
            delivery=delivery,
            attempted_at=start + datetime.timedelta(seconds=n),
            status_code=500,
            latency_ms=12 + n,
            error="HTTP 500",
        )
        for n in range(count)
    ]


#                 anonymous viewer reporter editor granted revoked expired
ANSWERS = {
    "list":        (401, 403, 403, 200, 200, 401, 401),
    "create":      (401, 403, 403, 201, 201, 401, 401),
    "read":        (401, 403, 403, 200, 200, 401, 401),
    "change":      (401, 403, 403, 200, 200, 401, 401),
    "delete":      (401, 403, 403, 204, 204, 401, 401),
    "deliveries":  (401, 403, 403, 200, 200, 401, 401),
}  # fmt: skip


def call(api, action, subscription):
    one = f"/api/v1/webhooks/{subscription.pk}/"
    match action:
        case "list":
            return api.get("/api/v1/webhooks/")
        case "create":
            return api.post("/api/v1/webhooks/", {"url": PUBLIC, "event_types": ["claim.edited"]})
        case "read":
            return api.get(one)
        case "change":
            return api.patch(one, {"description": "Graphics desk"})
        case "delete":
            return api.delete(one)
        case "deliveries":
            return api.get(one + "deliveries/")


@pytest.mark.parametrize("action", ANSWERS)
@pytest.mark.parametrize("role", ROLES)
def test_each_endpoint_by_role(api_as, role, action, subscription, granted):
    expected = ANSWERS[action][ROLES.index(role)]
    response = call(api_as(role), action, subscription)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert problem(response)["code"] in {
            "not_authenticated",
            "permission_denied",
            "token_revoked",
            "token_expired",
        }
        # Nothing was changed by a refused call.
        subscription.refresh_from_db()
        assert subscription.description == ""
        assert WebhookSubscription.objects.count() == 1


def test_the_secret_is_shown_once(api_as):
    api = api_as("editor")
    made = api.post(
        "/api/v1/webhooks/",
        {"url": PUBLIC, "event_types": ["claim.status_changed", "claim.created"],
         "description": "Graphics desk"},
    )  # fmt: skip
    assert made.status_code == 201
    body = made.json()
    stored = WebhookSubscription.objects.get()
    assert body["secret"].startswith("whsec_") and body["secret"] == stored.secret
    assert made["Location"].endswith(f"/api/v1/webhooks/{stored.pk}/")
    # In EventType order, as the pages store them.
    assert body["event_types"] == ["claim.created", "claim.status_changed"]
    assert body["state"] == "active" and body["created_by"] == "editor"

    reads = [
        api.get("/api/v1/webhooks/").json()["results"][0],
        api.get(f"/api/v1/webhooks/{stored.pk}/").json(),
        api.patch(f"/api/v1/webhooks/{stored.pk}/", {"active": False}).json(),
    ]
    for read in reads:
        assert "secret" not in read
        assert stored.secret not in str(read)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1:8000/hook", "webhook_target_refused"),
        ("http://10.1.2.3/hook", "webhook_target_refused"),
        ("http://[::1]/hook", "webhook_target_refused"),
        ("http://169.254.169.254/latest/meta-data", "webhook_target_refused"),
        ("ftp://93.184.215.14/hook", "webhook_url_invalid"),
        ("javascript:alert(1)", "webhook_url_invalid"),
    ],
)
def test_private_and_non_web_addresses_are_refused(api_as, url, code):
    response = api_as("editor").post(
        "/api/v1/webhooks/", {"url": url, "event_types": ["claim.created"]}
    )
    assert response.status_code == 400
    body = problem(response)
    assert body["code"] == "invalid"
    assert [(p["code"], p["field"]) for p in body["problems"]] == [(code, "url")]
    assert WebhookSubscription.objects.count() == 0


def test_a_change_of_address_is_refused_the_same_way(api_as, subscription):
    response = api_as("editor").patch(
        f"/api/v1/webhooks/{subscription.pk}/", {"url": "http://127.0.0.1/x", "description": "x"}
    )
    assert response.status_code == 400
    assert problem(response)["problems"][0]["code"] == "webhook_target_refused"
    subscription.refresh_from_db()
    assert subscription.url == PUBLIC and subscription.description == ""


def test_private_addresses_when_the_operator_allows_them(api_as, settings):
    settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = True
    response = api_as("editor").post(
        "/api/v1/webhooks/", {"url": "http://127.0.0.1:9/hook", "event_types": ["claim.created"]}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ({"url": PUBLIC, "event_types": []}, ["event_types_required"]),
        ({"url": PUBLIC, "event_types": ["claim.deleted"]}, ["event_type_unknown"]),
        ({"url": PUBLIC, "event_types": "claim.created"}, ["not_a_list"]),
        ({"url": PUBLIC}, ["required"]),
        ({"event_types": ["claim.created"]}, ["required"]),
        ({"url": 5, "event_types": [None]}, ["null"]),
        ({"url": "x" * 501, "event_types": ["claim.created"]}, ["webhook_url_invalid"]),
        ({"url": PUBLIC, "event_types": ["claim.created"], "description": "x" * 201},
         ["max_length"]),
        ({"url": "http://a\x00b/", "event_types": ["claim.created"]},
         ["null_characters_not_allowed"]),
    ],
)  # fmt: skip
def test_bad_input_is_a_problem_with_a_code_per_field(api_as, body, codes):
    response = api_as("editor").post("/api/v1/webhooks/", body)
    assert response.status_code == 400
    assert [p["code"] for p in problem(response)["problems"]] == codes
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/webhooks/987654/", 404, "not_found"),
        ("get", "/api/v1/webhooks/99999999999999999999/", 404, "not_found"),
        ("delete", "/api/v1/webhooks/987654/", 404, "not_found"),
        ("get", "/api/v1/webhooks/987654/deliveries/", 404, "not_found"),
        ("get", "/api/v1/webhooks/?page_size=0", 400, "invalid"),
        ("get", "/api/v1/webhooks/?cursor=nonsense", 400, "invalid"),
        ("get", "/api/v1/webhooks/?colour=red", 400, "invalid"),
        ("post", "/api/v1/webhooks/{pk}/", 405, "method_not_allowed"),
        ("delete", "/api/v1/webhooks/", 405, "method_not_allowed"),
    ],
)
def test_unknown_subscriptions_and_bad_parameters(api_as, subscription, method, path, status, code):
    response = getattr(api_as("editor"), method)(path.format(pk=subscription.pk))
    assert response.status_code == status
    assert problem(response)["code"] == code


def test_a_form_body_is_refused(api_as):
    response = api_as("editor").client.post(
        "/api/v1/webhooks/",
        {"url": PUBLIC, "event_types": "claim.created"},
        headers=api_as("editor").headers,
    )
    assert response.status_code == 415
    assert problem(response)["code"] == "unsupported_media_type"


def test_change_address_types_and_description(api_as, subscription):
    response = api_as("editor").patch(
        f"/api/v1/webhooks/{subscription.pk}/",
        {"url": "https://93.184.215.14/v2", "event_types": ["claim.imported", "claim.created"],
         "description": "  Graphics desk  "},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["url"] == "https://93.184.215.14/v2"
    assert body["event_types"] == ["claim.created", "claim.imported"]
    assert body["description"] == "Graphics desk"
    secret = subscription.secret
    subscription.refresh_from_db()
    assert subscription.secret == secret  # a change never makes a new secret


def test_pause_resume_and_the_failing_state(api_as, subscription):
    api = api_as("editor")
    one = f"/api/v1/webhooks/{subscription.pk}/"
    paused = api.patch(one, {"active": False}).json()
    assert paused["active"] is False and paused["state"] == "paused"

    # A delivery ran out of retries: the subscription is failing, and says so.
    log_attempts(subscription, 1)
    WebhookDelivery.objects.update(state=DeliveryState.FAILED)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        is_active=True, failing_since=timezone.now()
    )
    failing = api.get(one).json()
    assert failing["state"] == "failing" and failing["failing_since"] is not None
    assert failing["failed"] == 1 and failing["pending"] == 0
    assert api.get("/api/v1/webhooks/").json()["results"][0]["state"] == "failing"

    # Resuming (as the page's Resume) sends the undelivered events again.
    resumed = api.patch(one, {"active": True}).json()
    assert resumed["state"] == "active" and resumed["failing_since"] is None
    assert resumed["pending"] == 1 and resumed["failed"] == 0


def test_delete_takes_the_log_and_leaves_the_events(api_as, subscription):
    log_attempts(subscription, 2)
    response = api_as("editor").delete(f"/api/v1/webhooks/{subscription.pk}/")
    assert response.status_code == 204 and response.content == b""
    assert not WebhookSubscription.objects.exists()
    assert not DeliveryAttempt.objects.exists()
    assert Event.objects.count() == 1


def test_the_delivery_log_newest_first_a_page_at_a_time(api_as, subscription, editor):
    attempts = log_attempts(subscription, 5)
    other = create_subscription(actor=editor, url=PUBLIC, event_types=["claim.created"])[0]
    log_attempts(other, 2)  # not this subscription's
    api = api_as("editor")
    seen, url = [], f"/api/v1/webhooks/{subscription.pk}/deliveries/?page_size=2"
    while url:
        page = api.get(url)
        assert page.status_code == 200, page.content
        seen += page.json()["results"]
        url = page.json()["next"]
    assert [a["id"] for a in seen] == [a.pk for a in reversed(attempts)]
    newest = seen[0]
    assert newest["status_code"] == 500 and newest["latency_ms"] == 16
    assert newest["error"] == "HTTP 500" and newest["ok"] is False
    assert newest["event"]["type"] == "claim.created"
    assert newest["event"]["id"].startswith("msg_")
    assert newest["delivery"]["attempts"] == 5


def test_the_subscription_list_a_page_at_a_time(api_as, editor):
    made = [
        create_subscription(actor=editor, url=PUBLIC, event_types=["claim.created"])[0]
        for _ in range(3)
    ]
    api = api_as("editor")
    first = api.get("/api/v1/webhooks/?page_size=2").json()
    second = api.get(first["next"]).json()
    assert [s["id"] for s in first["results"] + second["results"]] == [s.pk for s in made]
    assert second["next"] is None


def test_the_list_and_log_take_a_fixed_number_of_queries(
    api_as, subscription, editor, django_assert_max_num_queries
):
    for _ in range(3):
        log_attempts(subscription, 3)
        create_subscription(actor=editor, url=PUBLIC, event_types=["claim.created"])
    api = api_as("editor")
    # token (1), its rate count (2), the user's permissions (2), the page (1), the session
    # and savepoints: the same for any number of rows.
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/webhooks/").status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get(f"/api/v1/webhooks/{subscription.pk}/deliveries/").status_code == 200
