"""Who may do what: every permission name the app checks, and the `can_*` rules built on them.

The roles (Editor, Reporter, Viewer in `factcheck.roles`) are granted these permissions by
migrations 0002, 0003, 0004 and 0010; the README's role table says the same in words. Services,
views, templates and the admin ask here, never by a string of their own, so a rule is changed
in one place.
"""

from factcheck.models import Status

ADD_CLAIM = "factcheck.add_claim"
CHANGE_CLAIM = "factcheck.change_claim"
CHANGE_OWN_CLAIM = "factcheck.change_own_claim"
REVIEW_CLAIM = "factcheck.review_claim"
ASSIGN_CLAIM = "factcheck.assign_claim"
ADD_EVIDENCE = "factcheck.add_evidence"
EXPORT_CLAIMS = "factcheck.export_claims"
IMPORT_CLAIMS = "factcheck.import_claims"
ADD_QUANTITY = "factcheck.add_trackedquantity"
ATTACH_CLAIMS = "factcheck.attach_claims"
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


def can_add_evidence(user, claim=None):
    """May add evidence at all, or (given a claim) to this claim now: not while it is locked."""
    if not user.has_perm(ADD_EVIDENCE):
        return False
    return claim is None or not claim.is_final


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


def can_attach(user):
    return user.has_perm(ATTACH_CLAIMS)


def can_mark_duplicate(user):
    """Editors mark a claim as a duplicate of an earlier one, and undo it."""
    return user.has_perm(MARK_DUPLICATE)
