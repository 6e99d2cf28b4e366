"""Schemathesis against the live OpenAPI document: every operation called with generated
requests (a bounded number each, through WSGI, no network) as an editor. No response may be a
server error or break the documented schema."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from factcheck.api.tokens import create_token
from factcheck.models import DeliveryAttempt, Event, WebhookDelivery, WebhookSubscription
from factcheck.wsgi import application
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

EXAMPLES_PER_OPERATION = 8
# The same examples on every run, so that CI's verdict depends on the code alone; set
# SCHEMATHESIS_EXPLORE=1 (and more examples) to look for new failures with fresh ones.
EXPLORE = bool(os.environ.get("SCHEMATHESIS_EXPLORE"))
EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES", EXAMPLES_PER_OPERATION))


@pytest.fixture
def editor_token(editor, settings):
    settings.FACTCHECK_API_RATE = 100_000
    return create_token(user=editor, name="schemathesis")[1]


@pytest.fixture
def keep_the_test_connection():
    """Django closes database connections at the end of each WSGI request, which would close
    the test's transaction here (calls go through the real WSGI app): the test client
    disconnects the same handlers for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, editor, editor_token, keep_the_test_connection):
    # Something to find (ids from the sequence: a forced id would leave PostgreSQL's behind).
    claim = ClaimFactory(claimant=ClaimantFactory())
    TrackedQuantityFactory()
    subscription = WebhookSubscription.objects.create(
        url="https://93.184.215.14/hook", event_types=["claim.created"], created_by=editor
    )
    event = Event.objects.create(type="claim.created", claim=claim, data="{}")
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=event, claim_id=claim.pk, attempts=1
    )
    DeliveryAttempt.objects.create(delivery=delivery, status_code=503, error="HTTP 503")
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json",
        application,
        headers={"Authorization": f"Bearer {editor_token}"},
    )


def test_no_server_error_and_no_response_breaking_the_schema(api_schema, editor_token):
    # One test walking the operations (schemathesis' pytest plugin does not run on pytest 9).
    auth = {"Authorization": f"Bearer {editor_token}"}
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=not EXPLORE,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                headers=auth, checks=[not_a_server_error, response_schema_conformance]
            )

        check()
        checked.append(operation.label)
    assert len(checked) >= 16, checked
