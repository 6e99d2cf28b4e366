"""Schemathesis against the live OpenAPI document: every operation called with generated
requests (a bounded number each, through WSGI, no network) as an editor. No response may be a
server error or break the documented schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from factcheck.api.tokens import create_token
from factcheck.wsgi import application
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def editor_token(editor, settings):
    settings.FACTCHECK_API_RATE = 100_000
    return create_token(user=editor, name="schemathesis")[1]


@pytest.fixture
def api_schema(db, editor_token):
    # Something to find for ids 1 (the generator's favourite) and up.
    claimant = ClaimantFactory(pk=1)
    ClaimFactory(pk=1, claimant=claimant)
    TrackedQuantityFactory(pk=1)
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
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                headers=auth, checks=[not_a_server_error, response_schema_conformance]
            )

        check()
        checked.append(operation.label)
    assert len(checked) >= 16, checked
