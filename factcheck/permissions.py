"""Who may do what: every permission name the app checks, and the `can_*` rules built on them.

The roles (Editor, Reporter, Viewer in `factcheck.roles`) are granted these permissions by
migrations 0002, 0003, 0004 and 0010; the README's role table says the same in words. Services,
views, templates and the admin ask here, never by a string of their own, so a rule is changed
in one place.
"""

from datetime import timedelta

from factcheck.models import Status

ADD_CLAIM = "factcheck.add_claim"
CHANGE_CLAIM = "factcheck.change_claim"
CHANGE_OWN_CLAIM = "factcheck.change_own_claim"
REVIEW_CLAIM = "factcheck.review_claim"
ASSIGN_CLAIM = "factcheck.assign_claim"
ADD_EVIDENCE = "factcheck.add_evidence"
# Editors hold it (migration 0002): they may change or remove any evidence item.
DELETE_EVIDENCE = "factcheck.delete_evidence"
EXPORT_CLAIMS = "factcheck.export_claims"
IMPORT_CLAIMS = "factcheck.import_claims"
ADD_CLAIMANT = "factcheck.add_claimant"
ADD_QUANTITY = "factcheck.add_trackedquantity"
CHANGE_QUANTITY = "factcheck.change_trackedquantity"
ATTACH_CLAIMS = "factcheck.attach_claims"
VIEW_CLAIM = "factcheck.view_claim"
HIDE_COMMENT = "factcheck.hide_comment"

# How long authors may edit or delete their own comment (issue 19): long enough to fix a
# typo, short enough that nobody replies to words that then change.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)
USE_INTAKE = "factcheck.use_intake"
# Editors (migration 0015): webhook subscriptions at /settings/webhooks/ and in the API.
MANAGE_WEBHOOKS = "factcheck.manage_webhooks"
CHANGE_CLAIMANT = "factcheck.change_claimant"
MARK_DUPLICATE = "factcheck.mark_duplicate"


def can_create_claim(user):
    return user.has_perm(ADD_CLAIM)


def can_edit_claim(user, claim):
    """Editors may edit any open claim; reporters their own while it is unverified."""
    if claim.is_final:
        return False
    if user.has_perm(CHANGE_CLAIM):
        return True
    return (
        user.has_perm(CHANGE_OWN_CLAIM)
        and claim.created_by_id == user.pk
        and claim.status == Status.UNVERIFIED
    )


def can_edit_claims_at_all(user):
    """Whether the user edits claims in general (a locked claim's edit page explains the lock
    to them, rather than answering 403)."""
    return user.has_perm(CHANGE_CLAIM)


def can_edit_some_claims(user):
    """Whether the user edits claims at all, any or their own (the API asks before reading an
    edit; `can_edit_claim` then judges the claim itself)."""
    return user.has_perm(CHANGE_CLAIM) or user.has_perm(CHANGE_OWN_CLAIM)


def can_create_claimant(user):
    """Reporters and Editors name new claimants (the claim form's "new claimant")."""
    return user.has_perm(ADD_CLAIMANT)


def can_add_evidence(user, claim=None):
    """May add evidence at all, or (given a claim) to this claim now: not while it is locked."""
    if not user.has_perm(ADD_EVIDENCE):
        return False
    return claim is None or not claim.is_final


def can_change_evidence(user, evidence):
    """May change, re-classify or remove this evidence item now: while its claim is open,
    editors any item, whoever may add evidence the items they added themselves."""
    if evidence.claim.is_final:
        return False
    if user.has_perm(DELETE_EVIDENCE):
        return True
    return user.has_perm(ADD_EVIDENCE) and evidence.added_by_id == user.pk


def edit_refusal(user, claim) -> str:
    """Why `user` may not edit `claim`, in words: the claim's status when that is the reason
    (a verdict locks it; a reporter's own claim is theirs to edit only while unverified),
    else their role."""
    if claim.is_final:
        return (
            f"This claim is {claim.get_status_display().lower()}, so it is locked until an "
            "editor reopens it."
        )
    if user.has_perm(CHANGE_OWN_CLAIM) and claim.created_by_id == user.pk:
        return (
            f"This claim is {claim.get_status_display().lower()}: reporters edit their own "
            "claims only while they are unverified. You can still add evidence; ask an editor "
            "to change the claim."
        )
    return "You do not have permission to edit this claim."


def can_review(user):
    return user.has_perm(REVIEW_CLAIM)


def can_assign(user):
    return user.has_perm(ASSIGN_CLAIM)


def can_act_in_bulk(user):
    return can_review(user) or can_assign(user)


def can_export(user):
    return user.has_perm(EXPORT_CLAIMS)


def can_import(user):
    return user.has_perm(IMPORT_CLAIMS)


def can_create_quantity(user):
    return user.has_perm(ADD_QUANTITY)


def can_change_quantity(user):
    """Editors (migration 0003 grants the Editor group change_trackedquantity)."""
    return user.has_perm(CHANGE_QUANTITY)


def can_attach(user):
    return user.has_perm(ATTACH_CLAIMS)


def can_see_claim(user, claim=None):
    """Active members of a role (every role reads claims) and superusers. The same rule, as a
    query, is factcheck.discussion.selectors.people_who_can_see."""
    return user.is_active and user.has_perm(VIEW_CLAIM)


def can_comment(user, claim):
    """Anyone who can see a claim may discuss it, locked or not: a comment is not content."""
    return can_see_claim(user, claim)


def can_change_comment(user, comment, *, now):
    """Authors may edit or delete their own visible comment for COMMENT_EDIT_WINDOW after
    posting it (`now`: an aware datetime); after that it stays, for everyone."""
    return (
        comment.author_id == user.pk
        and not comment.is_hidden
        and now - comment.created_at <= COMMENT_EDIT_WINDOW
    )


def can_hide_comment(user):
    return user.has_perm(HIDE_COMMENT)


def can_use_intake(user):
    """Paste articles, review the claims drafted from them, accept or reject each (issue 17).
    Filing a claim also needs `can_create_claim`, checked by the claim service."""
    return user.has_perm(USE_INTAKE)


def can_manage_webhooks(user):
    return user.has_perm(MANAGE_WEBHOOKS)


def can_change_claimant(user):
    return user.has_perm(CHANGE_CLAIMANT)


def can_mark_duplicate(user):
    """Editors mark a claim as a duplicate of an earlier one, and undo it."""
    return user.has_perm(MARK_DUPLICATE)
