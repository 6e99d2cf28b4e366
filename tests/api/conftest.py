import datetime

import pytest
from django.test import Client
from django.utils import timezone

from factcheck.api.tokens import create_token, revoke_token
from factcheck.models import ApiToken


class ApiClient:
    """The test client speaking JSON with a Bearer token (or none)."""

    def __init__(self, token=None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method, path, data=None, **headers):
        kwargs = {"headers": {**self.headers, **headers}}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, data=None, **headers):
        return self.client.get(path, data or {}, headers={**self.headers, **headers})

    def post(self, path, data=None, **headers):
        return self._call("post", path, data if data is not None else {}, **headers)

    def patch(self, path, data=None, **headers):
        return self._call("patch", path, data if data is not None else {}, **headers)

    def delete(self, path, **headers):
        return self._call("delete", path, **headers)


@pytest.fixture
def token_for():
    def make(user, **kwargs):
        return create_token(user=user, name="tests", **kwargs)[1]

    return make


@pytest.fixture
def api_as(token_for, request):
    """api_as("editor") -> ApiClient with a fresh token of that fixture user; also
    "anonymous", "revoked" (an editor's revoked token) and "expired" (an editor's expired)."""

    def make(role):
        if role == "anonymous":
            return ApiClient()
        if role in ("revoked", "expired"):
            editor = request.getfixturevalue("editor")
            token = token_for(editor)
            row = ApiToken.objects.get(user=editor, revoked_at=None, expires_at=None)
            if role == "revoked":
                revoke_token(actor=editor, token_id=row.pk)
            else:
                ApiToken.objects.filter(pk=row.pk).update(
                    expires_at=timezone.now() - datetime.timedelta(seconds=1)
                )
            return ApiClient(token)
        return ApiClient(token_for(request.getfixturevalue(role)))

    return make


def problem(response):
    """The problem document of an error response (and that it is one)."""
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    body = response.json()
    assert body["status"] == response.status_code
    return body
