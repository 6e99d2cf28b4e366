"""What the claim page shows of the discussion and of watching, for factcheck.claims.views."""

from django.utils import timezone

from factcheck.discussion.selectors import claim_thread
from factcheck.notifications.selectors import is_watching
from factcheck.permissions import can_change_comment, can_comment, can_hide_comment


def discussion_context(claim, user) -> dict:
    """What the claim page's thread and watch toggle need: the comments (each marked whether
    the user may still change it), in two queries however many there are."""
    now = timezone.now()
    comments = list(claim_thread(claim))
    for comment in comments:
        comment.user_may_change = can_change_comment(user, comment, now=now)
    return {
        "comments": comments,
        "can_comment": can_comment(user, claim),
        "can_hide_comments": can_hide_comment(user),
        "watching": is_watching(user, claim),
    }
