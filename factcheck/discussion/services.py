"""Writes for the discussion: post, edit, delete and hide comments.

Each checks permission, validates, writes the comment and its audit row (ClaimChange, field
"comment", through factcheck.history.recorder) and the notifications in one transaction. Pages,
the admin and (later) the API call these; refusals are factcheck.errors with stable codes.
Comments are not content: they are allowed on locked claims and never bump the version.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from factcheck.discussion import rendering
from factcheck.discussion.models import BODY_MAX_LENGTH, Comment, audit_note
from factcheck.discussion.rendering import mentioned_usernames
from factcheck.discussion.selectors import named, people_who_can_see
from factcheck.errors import EditWindowClosed, InvalidInput, NotPermitted, Problem
from factcheck.history.recorder import record_change
from factcheck.notifications import dispatch
from factcheck.permissions import (
    COMMENT_EDIT_WINDOW,
    can_change_comment,
    can_comment,
    can_hide_comment,
)

FIELD = "comment"  # the audit trail's field name for the discussion


@transaction.atomic
def post_comment(*, claim, author, body: str) -> Comment:
    """Add `author`'s comment `body` (plain text, up to BODY_MAX_LENGTH characters) to `claim`.
    An @name of someone at the desk is a mention (kept in `Comment.mentions`): they must be
    able to see the claim and are notified, the claim's watchers too, and the author and the
    mentioned watch the claim from then on. Any other @name (@UNHCR, a handle elsewhere) is
    plain text; `unmatched_handles(comment)` lists them, for telling the author. Raises
    NotPermitted (author cannot see the claim) or InvalidInput (empty, too long, or a mention
    of someone who cannot see the claim: codes `comment_required`, `comment_too_long`,
    `mention_cannot_see`, field `body`)."""
    if not can_comment(author, claim):
        raise NotPermitted("You do not have permission to comment on this claim.")
    body = _checked_body(body)
    mentioned = _mentioned_people(body, claim)
    comment = Comment.objects.create(
        claim=claim,
        author=author,
        body=body,
        mentions=[user.username for user in mentioned],
        created_at=timezone.now(),
    )
    record_change(
        claim=claim, actor=author, field=FIELD, old="", new=body, note=audit_note(comment.pk)
    )
    dispatch.comment_posted(comment=comment, mentioned=mentioned)
    return comment


@transaction.atomic
def edit_comment(*, comment, actor, body: str, now=None) -> Comment:
    """Replace the text of `actor`'s own `comment` with `body`, within COMMENT_EDIT_WINDOW of
    posting it (`now`: the time to judge by, now if None). People mentioned for the first
    time are notified. Raises NotPermitted (someone else's comment), EditWindowClosed (too
    late) or InvalidInput (as post_comment)."""
    comment = _locked(comment)
    _check_may_change(comment, actor, now, verb="edit")
    body = _checked_body(body)
    mentioned = _mentioned_people(body, comment.claim)
    before = {name.lower() for name in comment.mentions}
    if body == comment.body:
        return comment
    old = comment.body
    comment.body, comment.edited_at = body, timezone.now()
    comment.mentions = [user.username for user in mentioned]
    comment.save(update_fields=["body", "edited_at", "mentions"])
    record_change(
        claim=comment.claim,
        actor=actor,
        field=FIELD,
        old=old,
        new=body,
        note=audit_note(comment.pk, "edited"),
    )
    dispatch.comment_mentions(
        comment=comment,
        mentioned=[user for user in mentioned if user.username.lower() not in before],
    )
    return comment


@transaction.atomic
def delete_comment(*, comment, actor, now=None) -> None:
    """Delete `actor`'s own `comment`, within COMMENT_EDIT_WINDOW of posting it. Its text
    stays in the audit trail. Raises NotPermitted or EditWindowClosed."""
    comment = _locked(comment)
    _check_may_change(comment, actor, now, verb="delete")
    record_change(
        claim=comment.claim,
        actor=actor,
        field=FIELD,
        old=comment.body,
        new="",
        note=audit_note(comment.pk, "deleted"),
    )
    comment.delete()


@transaction.atomic
def hide_comment(*, comment, actor, reason: str) -> Comment:
    """Hide `comment` from the thread (editors; anyone's comment, at any time) with a
    `reason` shown in its place. The text leaves the comment and stays in the audit trail.
    Raises NotPermitted, or InvalidInput (`reason_required`; `already_hidden`)."""
    if not can_hide_comment(actor):
        raise NotPermitted("Only editors may hide comments.")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(
            "Say why the comment is hidden.",
            problems=[
                Problem("Say why the comment is hidden.", code="reason_required", field="reason")
            ],
        )
    comment = _locked(comment)
    if comment.is_hidden:
        raise InvalidInput(
            "This comment is already hidden.",
            problems=[Problem("This comment is already hidden.", code="already_hidden")],
        )
    record_change(
        claim=comment.claim,
        actor=actor,
        field=FIELD,
        old=comment.body,
        new="",
        note=audit_note(comment.pk, "hidden", reason),
    )
    comment.body, comment.mentions, comment.hidden_at = "", [], timezone.now()
    comment.hidden_by, comment.hidden_reason = actor, reason[:500]
    comment.save(update_fields=["body", "mentions", "hidden_at", "hidden_by", "hidden_reason"])
    return comment


# --- Checks -------------------------------------------------------------------------------------


def _locked(comment):
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("claim", "author")
        .get(pk=comment.pk)
    )


def _check_may_change(comment, actor, now, *, verb):
    now = now or timezone.now()
    if comment.author_id != actor.pk or comment.is_hidden:
        raise NotPermitted(f"Only its author may {verb} a comment, and only while it is shown.")
    if not can_change_comment(actor, comment, now=now):
        minutes = int(COMMENT_EDIT_WINDOW.total_seconds() // 60)
        raise EditWindowClosed(
            f"Comments can be changed for {minutes} minutes after they are posted; this one "
            "now stays as it is. Add a new comment instead."
        )


def _checked_body(body):
    body = body.strip()
    if not body:
        message = "Write something first."
        raise InvalidInput(
            message, problems=[Problem(message, code="comment_required", field="body")]
        )
    if len(body) > BODY_MAX_LENGTH:
        message = (
            f"A comment can be at most {BODY_MAX_LENGTH:,} characters; this one has {len(body):,}. "
            "Put a longer text in the evidence or methodology notes."
        )
        raise InvalidInput(
            message, problems=[Problem(message, code="comment_too_long", field="body")]
        )
    return body


def _mentioned_people(body, claim):
    """The users @mentioned in `body`, in order, each able to see `claim`: the @names outside
    links and e-mail addresses that are someone's user name (any case). An @name of nobody
    here is a handle elsewhere and stays plain text. InvalidInput naming everyone mentioned
    who cannot see the claim. Two queries, however many @names."""
    names = mentioned_usernames(body)
    if not names:
        return []
    found = _by_name(named(get_user_model().objects.all(), names), names)
    can_see = {user.pk for user in named(people_who_can_see(claim), names)}
    problems = []
    people = []
    for name in names:
        user = found.get(name.lower())
        if user is None:
            continue
        if user.pk not in can_see:
            problems.append(
                Problem(
                    f"@{user.username} cannot see this claim, so they cannot be mentioned here "
                    "(to cite a handle of that name elsewhere, give its link instead).",
                    code="mention_cannot_see",
                    field="body",
                )
            )
        else:
            people.append(user)
    if problems:
        raise InvalidInput(" ".join(str(problem) for problem in problems), problems=problems)
    return people


def _by_name(users, names):
    """{lower-cased name: user}; of two users whose names differ only in case, the one
    whose name is spelt as typed."""
    typed = {name.lower(): name for name in names}
    found = {}
    for user in users:
        key = user.username.lower()
        if key not in found or user.username == typed.get(key):
            found[key] = user
    return found


def unmatched_handles(comment) -> list[str]:
    """The @names in `comment`'s text that mention nobody (no user of that name): shown as
    plain text, and worth telling the author in case one was meant for a colleague."""
    return rendering.unmatched_handles(comment.body, comment.mentions)
