"""The claim page's discussion: posting through the page, refusals shown in place, the
mention autocomplete's list, and a thread of any length in a constant number of queries."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.discussion import services
from factcheck.models import ClaimChange, Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The claim page for an editor: session, user, claim, evidence, status history, permissions
# (2), assignable people, tracked quantities, its matches, which comments are hidden (for the
# history), the thread (comments with their authors and hiders), whether they watch the
# claim, the bell's unread count. Not one per comment; the bound only catches a page that
# starts querying per row of something else.
MOST_QUERIES = 25
POSTED_AT = datetime(2022, 3, 3, 9, 0, tzinfo=UTC)


def frozen_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_posting_from_the_claim_page_lands_on_the_new_comment(client_for, claim, reporter):
    response = client_for(reporter).post(
        f"/claims/{claim.pk}/comments/", {"body": "Called them: **no answer**."}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#comment-{comment.pk}"
    page = client_for(reporter).get(f"/claims/{claim.pk}/").content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Called them: <strong>no answer</strong>." in page


def test_a_refused_mention_is_explained_and_the_text_kept(client_for, claim, editor):
    UserFactory(username="outsider")
    response = client_for(editor).post(
        f"/claims/{claim.pk}/comments/", {"body": "@outsider what do you think?"}, follow=True
    )
    # Post/Redirect/Get: the claim page shows the refusal and the text, once.
    assert response.redirect_chain[0][1] == 302
    page = response.content.decode()
    assert "@outsider cannot see this claim, so they cannot be mentioned here" in page
    assert ">@outsider what do you think?</textarea>" in page
    assert not Comment.objects.exists()


def test_links_and_handles_post_and_the_page_says_which_at_names_told_nobody(
    client_for, claim, reporter, editor
):
    body = "Source: https://medium.com/@ministry/stats-2022 and @UNHCR; @editor please check"
    response = client_for(reporter).post(
        f"/claims/{claim.pk}/comments/", {"body": body}, follow=True
    )
    page = response.content.decode()
    assert "Comment posted." in page
    assert "Nobody was notified for @UNHCR: nobody at the desk has that user name" in page
    assert Comment.objects.get().mentions == ["editor"]
    # The page marks up the one mention, and the link whole.
    thread = page.split('id="discussion-heading"')[1].split('id="comment-body"')[0]
    assert thread.count('class="mention"') == 1 and '"mention">@editor</span>' in thread
    assert 'href="https://medium.com/@ministry/stats-2022"' in thread
    # Saving it again with a colleague named says nothing more.
    comment = Comment.objects.get()
    response = client_for(reporter).post(
        f"/comments/{comment.pk}/edit/", {"body": "@editor please check"}, follow=True
    )
    page = response.content.decode()
    assert "Comment saved." in page and "Nobody was notified" not in page


def test_the_author_sees_edit_and_delete_others_do_not(client_for, claim, editor, reporter):
    services.post_comment(claim=claim, author=editor, body="Mine")
    assert "Delete comment" in client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    page = client_for(reporter).get(f"/claims/{claim.pk}/").content.decode()
    assert "Delete comment" not in page and "Hide comment" not in page


def test_a_hidden_comment_shows_who_hid_it_and_why_not_its_text_anywhere_on_the_page(
    client_for, claim, editor, viewer
):
    with frozen_at(POSTED_AT):
        comment = services.post_comment(claim=claim, author=viewer, body="Rude words")
    with frozen_at(POSTED_AT + timedelta(minutes=5)):
        services.edit_comment(comment=comment, actor=viewer, body="Ruder words, edited")
    services.post_comment(claim=claim, author=editor, body="Fair point, kept")
    services.hide_comment(comment=comment, actor=editor, reason="Not about the claim")
    for person in (viewer, editor):
        page = client_for(person).get(f"/claims/{claim.pk}/").content.decode()
        # Not in the thread, nor in the history's rows of its posting, edit and hiding.
        assert "Rude words" not in page and "Ruder words" not in page
        assert "Hidden by editor" in page and "Not about the claim" in page
        history = page.split('id="history-heading"')[1]
        assert history.count("Comment posted</a></strong>") == 2  # the hidden and the kept
        assert history.count("Comment edited</a></strong>") == 1
        assert history.count("Comment hidden</a></strong>") == 1
        assert "Reason: Not about the claim" in history
        assert history.count("Text hidden by an editor") == 3
        assert "Fair point, kept" in history  # the text of a comment still shown stays
    # The words stay in the audit trail.
    assert ClaimChange.objects.filter(field="comment", new_value="Ruder words, edited").exists()


def test_hiding_needs_a_reason_on_the_page_too(client_for, claim, editor, viewer):
    comment = services.post_comment(claim=claim, author=viewer, body="Hmm")
    response = client_for(editor).post(
        f"/comments/{comment.pk}/hide/", {"reason": " "}, follow=True
    )
    assert response.redirect_chain[0][1] == 302
    assert "Say why the comment is hidden." in response.content.decode()


def test_the_mention_list_offers_only_people_who_can_see_the_claim(client_for, claim, editor):
    UserFactory(username="reporter2", role="Reporter", first_name="Rita")
    UserFactory(username="refugee-desk")  # no role: cannot see claims
    UserFactory(username="retired", role="Reporter", is_active=False)
    response = client_for(editor).get(f"/claims/{claim.pk}/mentions/", {"q": "re"})
    assert response.json() == {
        "people": [
            {"username": "reporter", "name": ""},  # the claim's creator
            {"username": "reporter2", "name": "Rita"},
        ]
    }
    by_name = client_for(editor).get(f"/claims/{claim.pk}/mentions/", {"q": "rit"})
    assert [p["username"] for p in by_name.json()["people"]] == ["reporter2"]


def test_a_claim_with_500_comments_renders_in_the_same_number_of_queries_as_with_5(
    client_for, claim, editor, reporter, django_assert_num_queries
):
    client = client_for(editor)

    def add_comments(count):
        Comment.objects.bulk_create(
            Comment(
                claim=claim,
                author=editor if n % 2 else reporter,
                body=f"Point {n}: see https://example.org/{n} and @editor",
                created_at=timezone.now(),
            )
            for n in range(count)
        )

    add_comments(5)
    client.get(f"/claims/{claim.pk}/")  # warm the session and permission caches alike
    with CaptureQueriesContext(connection) as with_five:
        assert client.get(f"/claims/{claim.pk}/").status_code == 200
    assert len(with_five) <= MOST_QUERIES
    add_comments(495)
    with django_assert_num_queries(len(with_five)):
        response = client.get(f"/claims/{claim.pk}/")
    assert response.content.decode().count('class="comment border-bottom') == 500


def test_a_comment_full_of_handles_is_summed_up_after_ten(client_for, claim, reporter):
    body = " ".join(f"@source{n}" for n in range(12))
    response = client_for(reporter).post(
        f"/claims/{claim.pk}/comments/", {"body": body}, follow=True
    )
    page = response.content.decode()
    assert "Nobody was notified for @source0, @source1," in page
    assert "@source9 and 2 more: nobody at the desk has those user names" in page
    assert "@source10," not in page.split("Nobody was notified")[1].split("</div>")[0]
