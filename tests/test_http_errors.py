"""HTML pages answer a refusal no view showed in place with its status and message."""

import pytest
from django.test import RequestFactory

from factcheck.errors import StaleClaimError
from factcheck.http_errors import RefusalMiddleware

pytestmark = pytest.mark.django_db


def test_a_refusal_a_view_let_through_gets_its_status_and_message(editor, claim):
    request = RequestFactory().get("/claims/")
    request.user = editor
    middleware = RefusalMiddleware(lambda request: None)
    response = middleware.process_exception(request, StaleClaimError(claim, 0))
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-refusal-code="stale"' in page
    assert "after you opened it" in page


def test_other_errors_are_left_alone(editor):
    request = RequestFactory().get("/claims/")
    request.user = editor
    assert RefusalMiddleware(lambda r: None).process_exception(request, ValueError()) is None
