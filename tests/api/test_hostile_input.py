"""Hostile JSON to every write endpoint of the API: never a 500, always a problem document.

A lone UTF-16 surrogate (`"\\ud800"` with no pair) is valid JSON text but no character: once
it is in a string, UTF-8 cannot encode it, so a refusal quoting it ("“…” is not a valid
choice.") could not be written and the answer was a 500 HTML page. The parser refuses such a
body as `malformed`, in a key or a value, at any depth, on every endpoint that takes a body
(walked from the URL configuration, so endpoints added later are covered); the renderer
writes any that reach it as U+FFFD.
"""

import base64
import json

import pytest
from rest_framework.exceptions import ValidationError

from factcheck.api.errors import drf_response
from factcheck.api.rendering import ExactJSONRenderer
from factcheck.api.serializers.claims import TransitionSerializer
from factcheck.api.serializers.tracker import ClaimantWriteSerializer
from tests.api.conftest import problem
from tests.conftest import WORLD_PK
from tests.urlwalk import app_routes

pytestmark = pytest.mark.django_db

LONE = ["\ud800", "\udfff", "x\udcffy", "\ude00\ud83d"]  # the last: a pair in the wrong order
# Every field name a write endpoint reads, so each endpoint meets the value where it looks.
FIELDS = [
    *["statement", "claimant", "value", "value_high", "qualifier", "unit", "counted", "place"],
    *["as_of", "methodology_notes", "source_url", "source_title", "source_date", "to_status"],
    *["note", "url", "title", "stance", "assigned_to", "body", "text", "publisher", "published"],
    *["name", "kind", "description", "event_types", "active", "claims"],
]
WRITE_METHODS = ("post", "patch", "put")


def hostile_bodies(lone):
    """Bodies holding `lone` in a value of every field, in a key, in a nested object, in a
    list: each a separate request."""
    yield {name: lone for name in FIELDS}
    yield {lone: "x", "statement": "x"}
    yield {"statement": "x", "new_claimant": {"name": "x", "kind": lone}}
    yield {"event_types": [lone], "claims": [1, lone], "url": "https://example.org/"}
    yield [{"deep": [[{lone: 1}]]}]


def api_paths():
    """Every API endpoint (the reference page is a page for people, behind the login)."""
    return [
        path
        for name, path in app_routes(WORLD_PK)
        if path.startswith("/api/v1/") and name != "api-docs"
    ]


@pytest.fixture
def world_api(world, api_as, settings):
    """An editor's client on the world (its claim, comment and webhook are the editor's),
    sending the claim's current ETag so a write gets as far as reading its body; the walk
    sends more requests than a token's rate allows."""
    settings.FACTCHECK_API_RATE = 100_000
    api = api_as("editor")
    world.refresh_from_db()
    api.headers["If-Match"] = f'"claim-{world.pk}-v{world.version}"'
    return api


def send(api, method, path, body: bytes):
    return api.client.generic(
        method.upper(), path, body, content_type="application/json", headers=api.headers
    )


def test_no_write_endpoint_answers_a_500_to_a_lone_surrogate(world_api):
    """Every write endpoint, every method it takes: 400 `malformed`, saying why."""
    refused, failures = set(), []
    for path in api_paths():
        for method in WRITE_METHODS:
            for lone in LONE:
                for body in hostile_bodies(lone):
                    # json.dumps writes a lone surrogate as its \\uXXXX escape, as a client would.
                    response = send(world_api, method, path, json.dumps(body).encode())
                    where = f"{method.upper()} {path} {str(body)[:60]}: {response.status_code}"
                    if response.status_code == 405:
                        continue
                    if response["Content-Type"] != "application/problem+json":
                        failures.append(f"{where} {response.content[:200]!r}")
                        continue
                    document = response.json()
                    if response.status_code != 400 or document["code"] != "malformed":
                        failures.append(f"{where} {document['code']}: {document['detail']}")
                    elif "lone UTF-16 surrogate" not in document["detail"]:
                        failures.append(f"{where}: {document['detail']}")
                    refused.add((method, path))
    assert not failures, "\n".join(failures[:20])
    # The walk reached the endpoints the audit named (and so its own check can fail).
    assert {
        ("post", "/api/v1/claims/"),
        ("patch", f"/api/v1/claims/{WORLD_PK}/"),
        ("post", f"/api/v1/claims/{WORLD_PK}/transitions/"),
        ("post", f"/api/v1/claims/{WORLD_PK}/evidence/"),
        ("post", "/api/v1/claimants/"),
        ("post", "/api/v1/intake/"),
        ("post", "/api/v1/webhooks/"),
        ("patch", f"/api/v1/webhooks/{WORLD_PK}/"),
        ("patch", f"/api/v1/claims/{WORLD_PK}/comments/{WORLD_PK}/"),
    } <= refused


def test_surrogate_bytes_in_the_body_itself_are_malformed_too(world_api):
    # "\ud800" as the bytes UTF-8 would give it (ED A0 80): not UTF-8 at all.
    body = '{"statement": "\ud800"}'.encode("utf-8", "surrogatepass")
    response = send(world_api, "post", "/api/v1/claims/", body)
    assert response.status_code == 400
    assert problem(response)["code"] == "malformed"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/claims/{pk}/transitions/", {"to_status": "\ud800"}),
        ("post", "/api/v1/claims/{pk}/evidence/", {"url": "https://e.org/", "stance": "\ud800"}),
        ("post", "/api/v1/claims/", {"statement": "x", "claimant": 1, "qualifier": "\ud800"}),
        ("patch", "/api/v1/claims/{pk}/", {"qualifier": "\ud800"}),
        ("post", "/api/v1/claimants/", {"name": "OHCHR", "kind": "\ud800"}),
    ],
)
def test_a_lone_surrogate_in_a_choice_is_a_malformed_body_not_a_500(world_api, method, path, body):
    response = getattr(world_api, method)(path.format(pk=WORLD_PK), body)
    assert response.status_code == 400
    document = problem(response)
    assert document["code"] == "malformed"
    assert "lone UTF-16 surrogate" in document["detail"]


def test_a_character_beyond_the_bmp_escaped_as_its_pair_is_text(world_api):
    """A pair of escapes is one character (😀), not a lone surrogate: it is stored."""
    response = send(
        world_api,
        "post",
        "/api/v1/claimants/",
        b'{"name": "Ministry \\ud83d\\ude00", "kind": "government"}',
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Ministry 😀"


def test_the_renderer_writes_a_lone_surrogate_as_the_replacement_character():
    """Whatever reaches the renderer, in a key or a value, is written: U+FFFD in its place."""
    data = {"\ud800": ["“\udfff” is not a valid choice."], "ok": "😀"}
    text = ExactJSONRenderer().render(data).decode("utf-8")
    assert json.loads(text) == {"\ufffd": ["“\ufffd” is not a valid choice."], "ok": "😀"}


@pytest.mark.parametrize(
    ("serializer", "data"),
    [
        (TransitionSerializer, {"to_status": "\ud800"}),
        (ClaimantWriteSerializer, {"name": "x", "kind": "\ud800"}),
    ],
)
def test_a_refusal_quoting_a_lone_surrogate_is_written_as_a_problem(serializer, data):
    """The road the audit found (a choice error repeats the value), past the parser: the
    problem document is written, with U+FFFD where the value was."""
    serializer = serializer(data=data)
    assert not serializer.is_valid()
    response = drf_response(ValidationError(serializer.errors))
    body = json.loads(ExactJSONRenderer().render(response.data).decode("utf-8"))
    assert body["code"] == "invalid"
    assert '"\ufffd" is not a valid choice.' in body["detail"]


def test_a_cursor_holding_a_lone_surrogate_is_refused(api_as, world):
    cursor = base64.urlsafe_b64encode(b'["claimant",["\\ud800","2022-01-01T00:00:00+00:00",1]]')
    response = api_as("viewer").get(
        "/api/v1/claims/", {"sort": "claimant", "cursor": cursor.decode().rstrip("=")}
    )
    assert response.status_code == 400
    assert problem(response)["problems"][0]["code"] == "invalid_cursor"
