"""POST /api/v1/intake/: an article in, its drafts out, each with the claims it matches;
stored as the Intake page stores it, judged by the page's form and service."""

from datetime import date
from decimal import Decimal

import pytest

from factcheck.intake.services import draft_claims
from factcheck.models import Article, DraftedClaim, Qualifier
from factcheck.workflow.status_writer import write_status
from tests.api.conftest import problem
from tests.factories import ClaimantFactory, ClaimFactory
from tests.intake.test_services import ARTICLE

pytestmark = pytest.mark.django_db
PATH = "/api/v1/intake/"
ROLES = ("anonymous", "viewer", "reporter", "editor", "revoked", "expired")

SENT = {
    "title": "Floods leave thousands homeless",
    "url": "https://example.org/floods",
    "publisher": "Lorvan Courier",
    "published": "2024-05-09",
    "text": ARTICLE,
}


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 403, 201, 201, 401, 401), strict=True))
)
def test_editors_and_reporters_only(api_as, role, expected):
    response = api_as(role).post(PATH, SENT)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert problem(response)["code"] in {
            "not_authenticated",
            "token_revoked",
            "token_expired",
            "permission_denied",
        }
        assert not Article.objects.exists()


def test_the_article_is_stored_and_its_drafts_come_back_as_the_command_gives_them(api_as, reporter):
    response = api_as("reporter").post(PATH, SENT)
    body = response.json()
    article = Article.objects.get()
    assert body["article"]["id"] == article.pk
    assert body["article"]["review_url"] == f"http://testserver/intake/{article.pk}/"
    assert (article.uploaded_by, article.publisher) == (reporter, "Lorvan Courier")
    assert body["article"]["text"] == article.text
    expected = draft_claims(text=article.text, published=date(2024, 5, 9))
    drafts = body["drafts"]
    assert len(drafts) == len(expected) == DraftedClaim.objects.count() == 4
    for sent, wanted in zip(drafts, expected, strict=True):
        assert {k: sent[k] for k in wanted} == wanted
        assert sent["state"] == "pending" and sent["matches"] == []
        assert set(sent) == {*wanted, "id", "state", "matches"}
    # Values are JSON numbers.
    assert b'"value":2300,' in response.content


def test_a_drafted_figure_already_in_the_desk_lists_its_match(api_as, editor):
    governor = ClaimantFactory(name="regional governor")
    known = ClaimFactory(
        claimant=governor,
        statement="More than 2,300 people have been displaced by floods in Lorvan.",
        value=Decimal(2300),
        qualifier=Qualifier.MORE_THAN,
        counted="people displaced",
        place="Lorvan",
        as_of=date(2024, 5, 7),
    )
    write_status(claim=known, to_status="in_review", actor=editor)
    drafts = api_as("editor").post(PATH, SENT).json()["drafts"]
    displaced = next(d for d in drafts if d["value"] == 2300)
    assert displaced["matches"][0]["claim"] == known.pk
    assert displaced["matches"][0]["kind"] in {"same_figure", "same_quantity", "similar_text"}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"text": ""}, "text", "invalid"),
        ({"text": "   \n "}, "text", "invalid"),
        ({"url": "javascript:alert(1)"}, "url", "invalid"),
        ({"url": "ftp://example.org/a"}, "url", "invalid"),
        ({"published": "yesterday"}, "published", "invalid"),
        ({"published": ""}, "published", "blank"),
        ({"published": "2024-02-30"}, "published", "invalid"),
        ({"title": ""}, "title", "blank"),
        ({"title": "x" * 301}, "title", "max_length"),
        ({"publisher": "x" * 201}, "publisher", "max_length"),
        ({"url": "https://example.org/" + "a" * 500}, "url", "max_length"),
        ({"text": "x " * 100_001}, "text", "text_too_long"),
        ({"text": ["a"]}, "text", "invalid"),
        ({"text": "nul \x00"}, "text", "null_characters_not_allowed"),
    ],
)
def test_bad_articles_are_refused_as_the_page_refuses_them(api_as, changes, field, code):
    response = api_as("editor").post(PATH, {**SENT, **changes})
    assert response.status_code == 400, response.content[:300]
    body = problem(response)
    assert body["code"] == "invalid"
    assert (field, code) in [(p["field"], p["code"]) for p in body["problems"]], body["problems"]
    said = [(p["field"], p["message"]) for p in body["problems"]]
    assert len(said) == len(set(said)), "each problem is said once"
    assert not Article.objects.exists()


def test_an_address_without_a_scheme_gets_https_as_on_the_page(api_as):
    assert api_as("editor").post(PATH, {**SENT, "url": "example.org/floods"}).status_code == 201
    assert Article.objects.get().url == "https://example.org/floods"


def test_an_article_longer_than_other_bodies_is_taken_up_to_the_pages_limit(api_as, settings):
    settings.FACTCHECK_API_MAX_BODY_BYTES = 1000
    long = (ARTICLE + "\n") * 40  # ~7 KB
    assert api_as("editor").post(PATH, {**SENT, "text": long}).status_code == 201
    huge = api_as("editor").post(PATH, {**SENT, "text": "x" * (3 * 1024 * 1024)})
    assert huge.status_code == 413 and problem(huge)["code"] == "too_large"


def test_get_is_405(api_as):
    response = api_as("editor").get(PATH)
    assert response.status_code == 405 and problem(response)["code"] == "method_not_allowed"
