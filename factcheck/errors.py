"""Refusals: the one family of errors that services raise when they will not do what was asked.

Each refusal carries a stable, machine-readable `code` and the HTTP `status` it maps to, and
`str()` of it is the message for people. Every interface maps them in one place: HTML views
through `factcheck.http_errors`, a future API through its exception handler, commands by
printing the message. Guards and validation list each thing wrong as a `Problem` with its own
code (and the field it is about, where there is one).

Codes are part of the public contract (API clients and webhooks will switch on them): add new
ones freely, never rename one.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class Problem(str):
    """One thing wrong, e.g. a missing methodology note. It *is* its message (so it compares
    equal to it and prints as it), with a stable `code` and, where it is about one, the
    `field` to fix."""

    code: str
    field: str | None

    def __new__(cls, message, *, code, field=None):
        problem = super().__new__(cls, message)
        problem.code = code
        problem.field = field
        return problem

    def as_dict(self):
        return {"code": self.code, "message": str(self), "field": self.field}


class Refusal(Exception):
    """Base of every refusal the user can act on. `str()` is the message to show."""

    code = "refused"
    status = 400

    def __init__(self, message, *, problems=()):
        super().__init__(message)
        self.problems = list(problems)

    def as_dict(self):
        """The refusal as data, e.g. for an RFC 9457 problem document."""
        return {
            "code": self.code,
            "status": self.status,
            "message": str(self),
            "problems": [
                p.as_dict() if isinstance(p, Problem) else {"code": self.code, "message": str(p)}
                for p in self.problems
            ],
        }


class NotPermitted(Refusal, PermissionDenied):
    """The actor's role does not allow this. Also a PermissionDenied, so Django answers 403
    wherever nothing else catches it."""

    code = "permission_denied"
    status = 403


class NotFound(Refusal):
    """The thing acted on does not exist (or no longer does)."""

    code = "not_found"
    status = 404


class InvalidInput(Refusal):
    """Values that cannot be stored; `problems` names each, with its field."""

    code = "invalid"
    status = 400


class ClaimLockedError(Refusal):
    """The claim has a verdict, so its content cannot change until it is reopened."""

    code = "locked"
    status = 409

    def __init__(self, claim):
        self.claim = claim
        super().__init__(
            f"This claim is {claim.get_status_display().lower()}, so its statement, figure and "
            "methodology are locked. Reopen it to make changes."
        )


class StaleClaimError(Refusal):
    """Someone changed the claim after the user loaded it (optimistic locking)."""

    code = "stale"
    status = 409

    def __init__(self, claim, expected_version):
        self.claim = claim
        self.expected_version = expected_version
        who = claim.updated_by.get_username() if claim.updated_by else "someone else"
        when = claim.updated_at.strftime("%d %b %Y %H:%M UTC") if claim.updated_at else ""
        super().__init__(
            f"{who} changed this claim ({when}) after you opened it: {_last_change(claim)}. "
            "Nothing of yours was saved; review their change, then apply yours again."
        )


class TransitionNotAllowed(Refusal):
    """The workflow's table has no move from the claim's status to the one asked for."""

    code = "transition_not_allowed"
    status = 409

    def __init__(self, from_status, to_status):
        from factcheck.models import Status

        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            f"A claim cannot go from {Status(from_status).label} to {Status(to_status).label}."
        )


class GuardFailed(Refusal):
    """A transition's guards do not hold; `problems` lists everything missing at once."""

    code = "guard_failed"
    status = 400

    def __init__(self, transition, problems):
        self.transition = transition
        super().__init__(
            f"Cannot {transition.label.lower()} yet. " + " ".join(problems), problems=problems
        )


class EditWindowClosed(Refusal):
    """The author's time to edit or delete a comment has passed; it stays as it is."""

    code = "edit_window_closed"
    status = 409


class DraftDecided(Refusal):
    """The drafted claim was accepted or rejected already (by someone else, or in another
    tab), so it cannot be decided again (article intake)."""

    code = "draft_decided"
    status = 409

    def __init__(self, draft):
        self.draft = draft
        who = draft.decided_by.get_username() if draft.decided_by else "someone"
        if draft.state == "pending":
            message = "This draft is already back in review."
        elif draft.state == "accepted":
            message = f"{who} has already filed this draft as a claim; nothing was filed twice."
        else:
            message = f"{who} has already rejected this draft."
        super().__init__(message)


class DuplicateClaim(Refusal):
    """The desk already holds the same claim (same statement, claimant, figure and as-of date:
    `factcheck.claims.duplicates`). Filing it anyway takes a deliberate second request that
    names `claim`, the duplicate the person was shown."""

    code = "duplicate_claim"
    status = 409

    def __init__(self, claim):
        self.claim = claim
        super().__init__(
            f"Claim {claim.pk} already has this statement, claimant, figure and as-of date"
            + (f" ({claim.figure_text})" if claim.has_figure else "")
            + ". File this one anyway only if it is a different claim."
        )


class SameFigure(Refusal):
    """A claim about to be filed has a figure the desk already holds (issue 18: a same-figure
    match, `factcheck.matching`, or the same statement, claimant, figure and as-of date,
    `factcheck.claims.duplicates`). Filing it anyway takes a deliberate second request (the
    New claim form's *File it anyway*; the API's `"file_anyway": true`). `matches` are the
    existing claims (factcheck.matching.selectors.ClaimMatch), best first; `duplicate` the
    claim that is the same claim by the importer's rule, or None."""

    code = "same_figure"
    status = 409

    def __init__(self, matches, duplicate=None):
        self.matches = list(matches)
        self.duplicate = duplicate
        ids = [m.claim.pk for m in self.matches if m.kind == "same_figure"]
        if duplicate is not None and duplicate.pk not in ids:
            ids.insert(0, duplicate.pk)
        listed = ", ".join(str(pk) for pk in ids[:5])
        super().__init__(
            f"The desk already holds this figure (claim{'s' if len(ids) != 1 else ''} "
            f"{listed}). Nothing was filed: read the matches, and file it anyway only if it "
            "is a different claim."
        )

    def as_dict(self):
        return {
            **super().as_dict(),
            "matches": [match.as_dict() for match in self.matches],
            "duplicate": self.duplicate.pk if self.duplicate is not None else None,
        }


def as_refusal(error):
    """Any error a service may raise, as a Refusal: Django's PermissionDenied and
    ValidationError become NotPermitted and InvalidInput (one problem per message, with its
    field). Returns None for anything else, which is a bug and should propagate."""
    if isinstance(error, Refusal):
        return error
    if isinstance(error, PermissionDenied):
        return NotPermitted(str(error) or "You do not have permission to do this.")
    if isinstance(error, ValidationError):
        problems = validation_problems(error)
        return InvalidInput(" ".join(problems), problems=problems)
    return None


def validation_problems(error):
    """A ValidationError's messages as Problems, each with its field (None for the whole),
    each said once: two validators of one field may refuse a value in the same words (a
    URLField's own and the web-address rule)."""
    if hasattr(error, "error_dict"):
        found = [
            Problem(message, code=_code(e), field=None if name == "__all__" else name)
            for name, errors in error.error_dict.items()
            for e in errors
            for message in e.messages
        ]
    else:
        found = [Problem(m, code=_code(e)) for e in error.error_list for m in e.messages]
    return list({(problem.field, str(problem)): problem for problem in found}.values())


def form_problems(form):
    """A bound, invalid Django form's errors as Problems, as `validation_problems` gives them."""
    return validation_problems(ValidationError(form.errors.as_data()))


def _code(error):
    return getattr(error, "code", None) or "invalid"


def _last_change(claim):
    """What the latest write did: a move in the workflow (it writes its audit row at the same
    instant as the claim) or an edit of the content."""
    move = claim.status_changes.order_by("-changed_at", "-id").first()
    if move and move.changed_at == claim.updated_at:
        return f"moved it from {move.get_from_status_display()} to {move.get_to_status_display()}"
    return "edited its content"


class WebhookTargetRefused(Refusal):
    """A webhook's address is not one this server will call: not http(s), unresolvable, or
    on a private, loopback or link-local network (server-side request forgery) while
    FACTCHECK_WEBHOOKS_ALLOW_PRIVATE is off."""

    code = "webhook_target_refused"
    status = 400
