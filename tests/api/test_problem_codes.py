"""Each problem document's `type` links to an anchor that exists on the API reference page."""

import re

import pytest

from factcheck import errors
from factcheck.api.errors import DRF_CODES, BodyTooLarge, PreconditionRequired, WeakETag
from factcheck.api.problem_codes import PROBLEM_CODES

LISTED = {problem.code: problem.status for problem in PROBLEM_CODES}


def refusal_classes(cls=errors.Refusal):
    yield cls
    for sub in cls.__subclasses__():
        yield from refusal_classes(sub)


def test_every_refusal_code_is_listed_with_its_status():
    for refusal in refusal_classes():
        # A stale write is a failed If-Match precondition over HTTP (factcheck.api.errors).
        expected = 412 if refusal is errors.StaleClaimError else refusal.status
        assert LISTED.get(refusal.code) == expected, refusal


def test_every_code_the_handler_and_the_token_check_send_is_listed():
    sent = {code for _, code in DRF_CODES}
    sent |= {PreconditionRequired.default_code, BodyTooLarge.default_code, "server_error"}
    sent |= {WeakETag.default_code}
    sent |= {"token_invalid", "token_revoked", "token_expired"}
    assert sent - LISTED.keys() == set()
    assert len(LISTED) == len(PROBLEM_CODES)  # no code listed twice


@pytest.mark.django_db
def test_the_type_of_a_real_error_is_an_anchor_on_the_reference_page(client_for, viewer, api_as):
    problem = api_as("anonymous").get(
        "/api/v1/claims/", HTTP_AUTHORIZATION="Bearer fcd_not_a_token"
    )
    path, anchor = problem.json()["type"].split("#")
    page = client_for(viewer).get(path).content.decode()
    assert f'id="{anchor}"' in page
    anchors = set(re.findall(r'id="problem-([a-z_]+)"', page))
    assert anchors == LISTED.keys()


@pytest.mark.django_db
def test_the_reference_page_is_not_itself_in_the_schema(api_as):
    schema = api_as("viewer").get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/docs/" not in schema["paths"]
