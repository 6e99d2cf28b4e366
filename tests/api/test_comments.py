"""A claim's comments over the API: list (oldest first, a page at a time), post, edit and
delete within 15 minutes, by role; mentions, hidden comments, the audit trail and the
notifications, as on the claim page (the discussion services do both)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from factcheck.discussion import services
from factcheck.models import ClaimChange, Comment, Notification, Status, Watch
from factcheck.workflow.status_writer import write_status
from tests.api.conftest import problem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "viewer", "reporter", "editor", "revoked", "expired")


def comments(claim):
    return f"/api/v1/claims/{claim.pk}/comments/"


def later(minutes):
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes)
    )


#             anonymous viewer reporter editor revoked expired
ANSWERS = {
    "list":   (401, 200, 200, 200, 401, 401),
    "post":   (401, 201, 201, 201, 401, 401),
    "detail": (401, 200, 200, 200, 401, 401),
}  # fmt: skip


@pytest.mark.parametrize("action", ANSWERS)
@pytest.mark.parametrize("role", ROLES)
def test_each_endpoint_by_role(api_as, role, action, claim, editor):
    posted = services.post_comment(claim=claim, author=editor, body="First")
    api = api_as(role)
    response = {
        "list": lambda: api.get(comments(claim)),
        "post": lambda: api.post(comments(claim), {"body": "Called them."}),
        "detail": lambda: api.get(f"{comments(claim)}{posted.pk}/"),
    }[action]()
    expected = ANSWERS[action][ROLES.index(role)]
    assert response.status_code == expected, response.content[:300]
    if expected == 401:
        assert problem(response)["code"] in {"not_authenticated", "token_revoked", "token_expired"}


@pytest.mark.parametrize("role", ["viewer", "reporter", "editor"])
def test_only_the_author_may_edit_or_delete(api_as, role, claim, reporter):
    posted = services.post_comment(claim=claim, author=reporter, body="Mine")
    path = f"{comments(claim)}{posted.pk}/"
    api = api_as(role)
    edited = api.patch(path, {"body": "Changed"})
    if role == "reporter":
        assert edited.status_code == 200 and edited.json()["body"] == "Changed"
        assert api.delete(path).status_code == 204
        assert not Comment.objects.exists()
    else:
        assert edited.status_code == 403 and problem(edited)["code"] == "permission_denied"
        assert api.delete(path).status_code == 403
        assert Comment.objects.get().body == "Mine"


def test_a_person_without_a_role_may_not_post(token_for, claim):
    from tests.api.conftest import ApiClient

    api = ApiClient(token_for(UserFactory(username="norole")))
    response = api.post(comments(claim), {"body": "Hello"})
    assert response.status_code == 403 and problem(response)["code"] == "permission_denied"


def test_a_post_returns_the_text_and_its_sanitised_html_and_is_recorded(api_as, claim, viewer):
    body = "See https://example.org/a?x=1&y=2 and **this**.\n\n<script>alert(1)</script>"
    response = api_as("viewer").post(comments(claim), {"body": body})
    assert response.status_code == 201
    data = response.json()
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"{comments(claim)}{comment.pk}/")
    assert data["body"] == body
    assert data["html"] == (
        '<p>See <a href="https://example.org/a?x=1&amp;y=2" rel="noopener noreferrer nofollow">'
        "https://example.org/a?x=1&amp;y=2</a> and <strong>this</strong>.</p>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert data["author"] == {"id": viewer.pk, "username": "viewer"}
    assert data["may_change"] is True and data["hidden"] is False
    change = ClaimChange.objects.get(claim=claim, field="comment")
    assert (change.actor, change.new_value, change.note) == (viewer, body, f"Comment {comment.pk}")


def test_locked_claims_take_comments_without_a_new_version(api_as, claim, editor):
    write_status(claim=claim, to_status=Status.IN_REVIEW, actor=editor)
    claim.refresh_from_db()
    write_status(claim=claim, to_status=Status.DISPUTED, actor=editor, note="No source")
    claim.refresh_from_db()
    version = claim.version
    assert api_as("reporter").post(comments(claim), {"body": "Still?"}).status_code == 201
    claim.refresh_from_db()
    assert claim.version == version


def test_mentions_notify_and_watchers_are_told(api_as, claim, reporter, editor, viewer):
    Watch.objects.get_or_create(user=reporter, claim=claim)
    response = api_as("editor").post(comments(claim), {"body": "@viewer can you check?"})
    assert response.status_code == 201
    assert Notification.objects.filter(recipient=viewer, claim=claim).exists()
    assert Notification.objects.filter(recipient=reporter, claim=claim).exists()
    assert not Notification.objects.filter(recipient=editor).exists()
    assert '<span class="mention">@viewer</span>' in response.json()["html"]
    assert response.json()["mentions"] == ["viewer"]


def test_handles_and_links_with_an_at_sign_are_plain_text(api_as, claim, viewer):
    body = "@UNHCR: https://mastodon.social/@UNHCR/1234 (cc @viewer, press@unhcr.org)"
    response = api_as("editor").post(comments(claim), {"body": body})
    assert response.status_code == 201
    data = response.json()
    assert data["body"] == body and data["mentions"] == ["viewer"]
    assert data["html"].count('class="mention"') == 1
    assert 'href="https://mastodon.social/@UNHCR/1234"' in data["html"]
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["viewer"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("   ", "comment_required"),
        ("x" * 5001, "comment_too_long"),
        ("Ask @outsider", "mention_cannot_see"),
    ],
)
def test_refused_comments_say_why_with_the_services_code(api_as, claim, body, code):
    UserFactory(username="outsider")  # no role: cannot see claims
    response = api_as("editor").post(comments(claim), {"body": body})
    assert response.status_code == 400
    data = problem(response)
    assert data["code"] == "invalid"
    assert [(p["code"], p["field"]) for p in data["problems"]] == [(code, "body")]
    if code == "mention_cannot_see":
        assert data["problems"][0]["message"] == (
            "@outsider cannot see this claim, so they cannot be mentioned here (to cite a "
            "handle of that name elsewhere, give its link instead)."
        )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("sent", [{}, {"body": {"text": "x"}}, {"body": None}, ["body"]])
def test_a_body_of_the_wrong_shape_is_400(api_as, claim, sent):
    response = api_as("editor").post(comments(claim), sent)
    assert response.status_code == 400 and problem(response)["code"] in {"invalid", "malformed"}


def test_after_15_minutes_a_comment_stays(api_as, claim, reporter):
    posted = services.post_comment(claim=claim, author=reporter, body="Mine")
    path = f"{comments(claim)}{posted.pk}/"
    api = api_as("reporter")
    with later(16):
        edited = api.patch(path, {"body": "Changed"})
        deleted = api.delete(path)
    assert edited.status_code == 409 and problem(edited)["code"] == "edit_window_closed"
    assert deleted.status_code == 409
    assert Comment.objects.get().body == "Mine"


def test_an_edit_and_a_delete_are_recorded(api_as, claim, reporter):
    posted = services.post_comment(claim=claim, author=reporter, body="Mine")
    path = f"{comments(claim)}{posted.pk}/"
    api = api_as("reporter")
    api.patch(path, {"body": "Changed"})
    api.delete(path)
    notes = list(
        ClaimChange.objects.filter(claim=claim, field="comment")
        .order_by("id")
        .values_list("old_value", "new_value", "note")
    )
    assert notes == [
        ("", "Mine", f"Comment {posted.pk}"),
        ("Mine", "Changed", f"Comment {posted.pk} edited"),
        ("Changed", "", f"Comment {posted.pk} deleted"),
    ]


def test_the_list_is_oldest_first_a_page_at_a_time_with_hidden_ones_shown_hidden(
    api_as, claim, editor, reporter
):
    posted = [
        services.post_comment(claim=claim, author=reporter, body=f"Comment {n}") for n in range(5)
    ]
    services.hide_comment(comment=posted[1], actor=editor, reason="Personal data")
    api = api_as("viewer")
    first = api.get(comments(claim), {"page_size": 2}).json()
    assert [c["id"] for c in first["results"]] == [posted[0].pk, posted[1].pk]
    hidden = first["results"][1]
    assert hidden["hidden"] is True and hidden["body"] is None and hidden["html"] is None
    assert (hidden["hidden_by"], hidden["hidden_reason"]) == ("editor", "Personal data")
    seen = [c["id"] for c in first["results"]]
    link = first["next"]
    while link:
        page = api.get(link.removeprefix("http://testserver")).json()
        seen += [c["id"] for c in page["results"]]
        link = page["next"]
    assert seen == [c.pk for c in posted]


def test_the_list_runs_the_same_queries_for_2_or_40_comments(
    api_as, claim, reporter, editor, django_assert_max_num_queries
):
    api = api_as("viewer")
    for n in range(40):
        comment = services.post_comment(claim=claim, author=reporter, body=f"Comment {n}")
        if n % 3 == 0:
            services.hide_comment(comment=comment, actor=editor, reason="x")
    # token (1), its rate count (2), the claim (1), the page (1), the viewer's groups (0-2)
    with django_assert_max_num_queries(7):
        assert len(api.get(comments(claim)).json()["results"]) == 40


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/999999/comments/",
        "/api/v1/claims/99999999999999999999/comments/",
    ],
)
def test_an_unknown_claim_is_404(api_as, path):
    response = api_as("editor").get(path)
    assert response.status_code == 404 and problem(response)["code"] == "not_found"


def test_a_comment_of_another_claim_is_404(api_as, claim, reporter):
    from tests.factories import ClaimFactory

    other = ClaimFactory()
    posted = services.post_comment(claim=other, author=reporter, body="Elsewhere")
    api = api_as("reporter")
    path = f"{comments(claim)}{posted.pk}/"
    assert api.get(path).status_code == 404
    assert api.patch(path, {"body": "x"}).status_code == 404
    assert Comment.objects.get().body == "Elsewhere"


def test_bad_paging_is_400(api_as, claim):
    api = api_as("viewer")
    for query in ({"page_size": "0"}, {"cursor": "nonsense"}, {"sort": "-created"}):
        response = api.get(comments(claim), query)
        assert response.status_code == 400, query
