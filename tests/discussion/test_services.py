"""Posting, editing, deleting and hiding comments: who may, for how long, and the audit trail."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from factcheck.discussion import services
from factcheck.discussion.rendering import mentioned_usernames
from factcheck.errors import EditWindowClosed, InvalidInput, NotPermitted
from factcheck.models import ClaimChange, Comment, Notification, Status, Watch
from factcheck.workflow.status_writer import write_status
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

POSTED_AT = datetime(2022, 3, 3, 9, 0, tzinfo=UTC)


def frozen_at(moment):
    """Freeze timezone.now at `moment` (a fixed patch; no sleeping)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def comment_changes(claim):
    return list(
        ClaimChange.objects.filter(claim=claim, field="comment")
        .order_by("id")
        .values_list("old_value", "new_value", "note")
    )


@pytest.fixture
def posted(claim, editor):
    with frozen_at(POSTED_AT):
        return services.post_comment(claim=claim, author=editor, body="Can you call them?")


def test_every_role_that_can_see_the_claim_may_comment(claim, editor, reporter, viewer, superuser):
    for person in (editor, reporter, viewer, superuser):
        services.post_comment(claim=claim, author=person, body=f"From {person}")
    assert list(claim.comments.values_list("body", flat=True)) == [
        "From editor",
        "From reporter",
        "From viewer",
        "From admin",
    ]


def test_people_without_a_role_or_inactive_cannot_comment(claim):
    for person in (UserFactory(username="norole"), UserFactory(username="gone", is_active=False)):
        with pytest.raises(NotPermitted):
            services.post_comment(claim=claim, author=person, body="Hello")
    assert not claim.comments.exists()


def test_locked_claims_can_be_discussed_and_comments_do_not_bump_the_version(claim, editor):
    write_status(claim=claim, to_status=Status.IN_REVIEW, actor=editor)
    claim.refresh_from_db()
    write_status(claim=claim, to_status=Status.DISPUTED, actor=editor, note="No source")
    claim.refresh_from_db()
    version = claim.version
    services.post_comment(claim=claim, author=editor, body="Still disputed after the call.")
    claim.refresh_from_db()
    assert claim.is_final and claim.version == version
    assert claim.comments.count() == 1


@pytest.mark.parametrize(
    ("body", "code"), [("   ", "comment_required"), ("x" * 5001, "comment_too_long")]
)
def test_empty_and_overlong_comments_are_refused(claim, editor, body, code):
    with pytest.raises(InvalidInput) as refused:
        services.post_comment(claim=claim, author=editor, body=body)
    assert [p.code for p in refused.value.problems] == [code]
    assert refused.value.problems[0].field == "body"
    assert not Comment.objects.exists()


def test_a_mention_of_someone_who_cannot_see_the_claim_is_refused_with_a_message(claim, editor):
    UserFactory(username="outsider")  # no role
    UserFactory(username="leaver", is_active=False, role="Reporter")
    body = "@outsider and @Leaver and @nobody, please look"
    with pytest.raises(InvalidInput) as refused:
        services.post_comment(claim=claim, author=editor, body=body)
    hint = " (to cite a handle of that name elsewhere, give its link instead)."
    assert [(p.code, p.field, str(p)) for p in refused.value.problems] == [
        (
            "mention_cannot_see",
            "body",
            f"@outsider cannot see this claim, so they cannot be mentioned here{hint}",
        ),
        (
            "mention_cannot_see",
            "body",
            f"@leaver cannot see this claim, so they cannot be mentioned here{hint}",
        ),
    ]
    assert not Comment.objects.exists() and not comment_changes(claim)


@pytest.mark.parametrize(
    ("body", "plain_handles"),
    [
        ("Source: https://medium.com/@ministry/stats-2022", []),
        ("Their post: https://mastodon.social/@desk/1234", []),
        ("Mail press@ministry.gov.ua or the news@desk.org", []),
        ("@UNHCR says 4 million have left; see @OHCHR's update.", ["UNHCR", "OHCHR"]),
    ],
)
def test_handles_elsewhere_links_and_addresses_are_plain_text_and_tell_nobody(
    claim, editor, body, plain_handles
):
    # Accounts named like the @ in those links, without a role: were the @ in a link a
    # mention, the comment would be refused as one of someone who cannot see the claim.
    UserFactory(username="ministry")
    UserFactory(username="desk")
    comment = services.post_comment(claim=claim, author=editor, body=body)
    assert comment.body == body and comment.mentions == []
    assert services.unmatched_handles(comment) == plain_handles
    assert not Notification.objects.exists()


def test_the_author_learns_which_at_names_told_nobody(claim, editor, reporter):
    comment = services.post_comment(
        claim=claim, author=editor, body="@reportr @Reporter: @UNHCR has new numbers"
    )
    assert comment.mentions == ["reporter"]
    assert services.unmatched_handles(comment) == ["reportr", "UNHCR"]
    assert Notification.objects.get().recipient == reporter


@pytest.mark.parametrize("people", [0, 3])
def test_a_comment_with_a_thousand_at_names_is_posted_in_a_few_queries(
    claim, editor, people, django_assert_max_num_queries
):
    """A long list of handles once made SQLite refuse the query ("Expression tree is too
    large"): the names are looked up in one IN, whatever their number."""
    staff = [UserFactory(username=f"desk-{n}", role="Reporter") for n in range(people)]
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    names = [f"{a}{b}" for a in alphabet for b in alphabet][:1230]
    body = " ".join(f"@{name}" for name in names + [user.username for user in staff])
    assert len(body) <= 5000 and len(mentioned_usernames(body)) == 1230 + people
    with django_assert_max_num_queries(30):
        comment = services.post_comment(claim=claim, author=editor, body=body)
    assert comment.mentions == [user.username for user in staff]
    assert Notification.objects.filter(event="mentioned").count() == people
    assert len(services.unmatched_handles(comment)) == 1230


def test_posting_is_recorded_and_the_author_and_the_mentioned_watch(claim, editor, editor2):
    comment = services.post_comment(claim=claim, author=editor, body="@editor2 over to you")
    assert comment_changes(claim) == [("", "@editor2 over to you", f"Comment {comment.pk}")]
    watchers = set(Watch.objects.filter(claim=claim).values_list("user__username", flat=True))
    assert {"editor", "editor2"} <= watchers


# --- The 15-minute rule ---------------------------------------------------------------------


def test_the_author_may_edit_within_15_minutes_and_it_is_recorded(posted, editor):
    with frozen_at(POSTED_AT + timedelta(minutes=15)):
        services.edit_comment(comment=posted, actor=editor, body="Can you call the ministry?")
    posted.refresh_from_db()
    assert posted.body == "Can you call the ministry?"
    assert posted.edited_at == POSTED_AT + timedelta(minutes=15)
    assert comment_changes(posted.claim)[-1] == (
        "Can you call them?",
        "Can you call the ministry?",
        f"Comment {posted.pk} edited",
    )


def test_after_15_minutes_the_comment_stays_as_it_is(posted, editor):
    with frozen_at(POSTED_AT + timedelta(minutes=15, seconds=1)):
        with pytest.raises(EditWindowClosed) as refused:
            services.edit_comment(comment=posted, actor=editor, body="Changed")
        with pytest.raises(EditWindowClosed):
            services.delete_comment(comment=posted, actor=editor)
    assert refused.value.code == "edit_window_closed" and refused.value.status == 409
    posted.refresh_from_db()
    assert posted.body == "Can you call them?"


@pytest.mark.parametrize("other", ["editor2", "reporter", "superuser"])
def test_nobody_else_may_edit_or_delete_a_comment_even_at_once(posted, other, request):
    person = request.getfixturevalue(other)
    with frozen_at(POSTED_AT + timedelta(minutes=1)):
        with pytest.raises(NotPermitted):
            services.edit_comment(comment=posted, actor=person, body="Mine now")
        with pytest.raises(NotPermitted):
            services.delete_comment(comment=posted, actor=person)
    assert Comment.objects.get(pk=posted.pk).body == "Can you call them?"


def test_the_author_may_delete_within_15_minutes_and_the_text_stays_in_the_audit_trail(
    posted, editor
):
    with frozen_at(POSTED_AT + timedelta(minutes=14)):
        services.delete_comment(comment=posted, actor=editor)
    assert not Comment.objects.filter(pk=posted.pk).exists()
    assert comment_changes(posted.claim)[-1] == (
        "Can you call them?",
        "",
        f"Comment {posted.pk} deleted",
    )


# --- Hiding ---------------------------------------------------------------------------------


def test_editors_hide_a_comment_with_a_reason_and_the_text_stays_in_the_audit_trail(
    claim, reporter, editor2
):
    comment = services.post_comment(claim=claim, author=reporter, body="Their phone is 0123")
    services.hide_comment(comment=comment, actor=editor2, reason="  A source's phone number ")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.body == ""
    assert (comment.hidden_by, comment.hidden_reason) == (editor2, "A source's phone number")
    assert comment_changes(claim)[-1] == (
        "Their phone is 0123",
        "",
        f"Comment {comment.pk} hidden: A source's phone number",
    )


def test_a_hidden_comment_keeps_neither_its_text_nor_whom_it_mentions(claim, reporter, editor):
    comment = services.post_comment(claim=claim, author=reporter, body="@editor call 0123")
    assert comment.mentions == ["editor"]
    services.hide_comment(comment=comment, actor=editor, reason="A phone number")
    comment.refresh_from_db()
    assert (comment.body, comment.mentions) == ("", [])


def test_only_editors_hide_and_always_with_a_reason(claim, reporter, viewer, editor):
    comment = services.post_comment(claim=claim, author=viewer, body="Hmm")
    for person in (reporter, viewer):
        with pytest.raises(NotPermitted):
            services.hide_comment(comment=comment, actor=person, reason="No")
    with pytest.raises(InvalidInput) as refused:
        services.hide_comment(comment=comment, actor=editor, reason="   ")
    assert refused.value.problems[0].code == "reason_required"
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.body == "Hmm"


def test_a_hidden_comment_cannot_be_edited_by_its_author(claim, reporter, editor):
    comment = services.post_comment(claim=claim, author=reporter, body="Oops")
    services.hide_comment(comment=comment, actor=editor, reason="Off topic")
    with pytest.raises(NotPermitted):
        services.edit_comment(comment=comment, actor=reporter, body="Back")
    with pytest.raises(InvalidInput) as again:
        services.hide_comment(comment=comment, actor=editor, reason="Again")
    assert again.value.problems[0].code == "already_hidden"


def test_claims_by_anyone_keep_their_thread_in_order(editor):
    claim = ClaimFactory()
    first = services.post_comment(claim=claim, author=editor, body="One")
    second = services.post_comment(claim=claim, author=editor, body="Two")
    assert list(claim.comments.all()) == [first, second]
