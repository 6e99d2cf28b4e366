"""Who is told what: the one place where changes become watches and notifications.

The writers call it inside their own transaction, so a change, its audit row and its
notifications are written together or not at all: `history.recorder` (content, evidence,
assignment), `workflow.status_writer` (status), `claims.services.create_claim` (the creator
watches), `discussion.services` (comments and mentions), `claims.claimants` (a claimant
corrected on every claim naming it) and `imports.services` (an import finished). Views never notify.

Rules (issue 19): people are never told of their own actions; only people who can see the
claim are told anything; a person told they were mentioned or assigned is not told the same
change again as a watcher. Emails for people who want one per notification are sent by a task
after the transaction commits (factcheck.notifications.tasks).
"""

from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from factcheck.discussion.selectors import people_who_can_see
from factcheck.models import Claim, EmailChoice, Notification, Watch
from factcheck.notifications.models import NotificationKind

# Fields of the audit trail that are not edits of the claim: filing under a tracked quantity
# tells watchers nothing they must act on; comments are announced by comment_posted.
NOT_EDITS = {"quantity", "comment", "evidence", "assigned_to"}


def watch(*, claim, users: Iterable) -> None:
    """Make each of `users` watch `claim` (no-op for those already watching)."""
    Watch.objects.bulk_create(
        [Watch(claim=claim, user=user) for user in users if user is not None],
        ignore_conflicts=True,
    )


def claim_created(*, claim, actor) -> None:
    watch(claim=claim, users=[actor])


def content_changed(*, claim, actor, changes) -> None:
    """`changes`: the ClaimChange rows one write appended (record_change, record_edits)."""
    edited = [c for c in changes if c.field not in NOT_EDITS]
    for change in changes:
        if change.field == "assigned_to" and change.new_value:
            assignee = get_user_model().objects.filter(username=change.new_value).first()
            _assigned(claim=claim, actor=actor, assignee=assignee)
        elif change.field == "evidence":
            event, verb = _evidence_change(change)
            _tell_watchers(
                claim=claim, actor=actor, event=event, text=f"{_name(actor)} {verb} {_about(claim)}"
            )
    if edited:
        fields = ", ".join(dict.fromkeys(_field_label(c.field) for c in edited))
        _tell_watchers(
            claim=claim,
            actor=actor,
            event=NotificationKind.EDITED,
            text=f"{_name(actor)} edited {fields} of {_about(claim)}",
        )


def claimant_corrected(*, claims, actor, changes) -> None:
    """The claimant of every claim of `claims` was corrected by `actor`: tell each claim's
    watchers who can see it, but not the actor, as an edit of the claimant's fields changed
    (`changes`: the audit field names, e.g. ["claimant"]). A few queries whatever the number
    of claims: a claimant may be named by thousands of them."""
    claims = {claim.pk: claim for claim in claims}
    if not claims or not changes:
        return
    fields = ", ".join(dict.fromkeys(_field_label(field) for field in changes))
    watches = (
        Watch.objects.filter(claim_id__in=list(claims))
        .filter(user__in=people_who_can_see().exclude(pk=actor.pk))
        .order_by("claim_id", "user_id")
        .values_list("claim_id", "user_id")
    )
    notifications = [
        Notification(
            recipient_id=user_id,
            actor=actor,
            event=NotificationKind.EDITED,
            claim=claims[claim_id],
            text=f"{_name(actor)} edited {fields} of {_about(claims[claim_id])}"[:300],
            url=claims[claim_id].get_absolute_url(),
        )
        for claim_id, user_id in watches
    ]
    _email_each(Notification.objects.bulk_create(notifications))


def status_changed(*, claim, actor, from_status, to_status, assignee=None) -> None:
    """`claim` moved from `from_status` to `to_status` (Status values); `assignee` is who the
    same write gave the claim to, if it did (starting a review takes the claim)."""
    from factcheck.models import Status

    if assignee is not None:
        watch(claim=claim, users=[assignee])
    _tell_watchers(
        claim=claim,
        actor=actor,
        event=NotificationKind.STATUS_CHANGED,
        text=f"{_name(actor)} moved {_about(claim)} from {Status(from_status).label} "
        f"to {Status(to_status).label}",
    )


def comment_posted(*, comment, mentioned: Iterable = ()) -> None:
    """A new comment: the author and everyone mentioned watch the claim; the mentioned are
    told they were, the other watchers that there is a comment."""
    claim, author = comment.claim, comment.author
    mentioned = list(mentioned)
    watch(claim=claim, users=[author, *mentioned])
    told = comment_mentions(comment=comment, mentioned=mentioned)
    _tell_watchers(
        claim=claim,
        actor=author,
        event=NotificationKind.COMMENTED,
        text=f"{_name(author)} commented on {_about(claim)}",
        comment=comment,
        besides=told,
    )


def comment_mentions(*, comment, mentioned: Iterable) -> set[int]:
    """Tell each of `mentioned` (users) that `comment` mentions them, and make them watch its
    claim. Returns the ids of those told."""
    recipients = [user for user in mentioned if user.pk != comment.author_id]
    watch(claim=comment.claim, users=recipients)
    _notify(
        recipient_ids=[user.pk for user in recipients],
        actor=comment.author,
        event=NotificationKind.MENTIONED,
        claim=comment.claim,
        comment=comment,
        text=f"{_name(comment.author)} mentioned you on {_about(comment.claim)}",
    )
    return {user.pk for user in recipients}


def import_finished(*, actor, report) -> None:
    """The import `actor` started has finished (`report`: an ImportReport). The one event
    whose recipient is its actor: the point is to hear when the work is done."""
    _notify(
        recipient_ids=[actor.pk],
        actor=None,
        event=NotificationKind.IMPORT_FINISHED,
        claim=None,
        text=report.summary()[:300],
        url="/claims/?sort=-created" if report.ok else "/claims/import/",
    )


# --- Helpers ------------------------------------------------------------------------------------


def _assigned(*, claim, actor, assignee):
    if assignee is None:
        return
    watch(claim=claim, users=[assignee])
    if assignee.pk != actor.pk:
        _notify(
            recipient_ids=[assignee.pk],
            actor=actor,
            event=NotificationKind.ASSIGNED,
            claim=claim,
            text=f"{_name(actor)} assigned {_about(claim)} to you",
        )


def _tell_watchers(*, claim, actor, event, text, comment=None, besides=frozenset()):
    # The same rule as can_see_claim, so someone who left the desk hears nothing more.
    recipient_ids = (
        people_who_can_see(claim)
        .filter(watches__claim=claim)
        .exclude(pk=actor.pk)
        .values_list("pk", flat=True)
    )
    _notify(
        recipient_ids=[pk for pk in recipient_ids if pk not in besides],
        actor=actor,
        event=event,
        claim=claim,
        comment=comment,
        text=text,
    )


def _notify(*, recipient_ids, actor, event, claim, text, comment=None, url=None):
    if not recipient_ids:
        return
    if url is None:
        url = comment.get_absolute_url() if comment is not None else claim.get_absolute_url()
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                actor=actor,
                event=event,
                claim=claim,
                comment=comment,
                text=text[:300],
                url=url,
            )
            for pk in recipient_ids
        ]
    )
    _email_each(created)


def _email_each(created):
    """After commit, queue an email for each of the `created` notifications whose recipient
    wants one per notification."""
    if not created:
        return
    each = set(
        get_user_model()
        .objects.filter(
            pk__in={n.recipient_id for n in created},
            notification_settings__email=EmailChoice.EACH,
        )
        .values_list("pk", flat=True)
    )
    if each:
        from factcheck.notifications.tasks import email_notification

        for notification in created:
            if notification.recipient_id in each:
                transaction.on_commit(partial(email_notification.enqueue, notification.pk))


def _evidence_change(change):
    """What an evidence row of the audit trail did: nothing before is an addition, nothing
    after a removal (claims.services.add_evidence, change_evidence, remove_evidence)."""
    if not change.old_value:
        return NotificationKind.EVIDENCE_ADDED, "added evidence to"
    if not change.new_value:
        return NotificationKind.EVIDENCE_REMOVED, "removed evidence from"
    return NotificationKind.EVIDENCE_CHANGED, "changed evidence on"


def _name(user):
    return user.get_username() if user is not None else "Someone"


def _about(claim: Claim):
    statement = " ".join(claim.statement.split())
    short = statement if len(statement) <= 60 else statement[:59] + "…"
    return f"claim {claim.pk} (“{short}”)"


def _field_label(field):
    from factcheck.history.timeline import field_label

    return field_label(field)
