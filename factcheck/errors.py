"""Errors the services raise; views turn each into a clear message and status code."""

from django.core.exceptions import PermissionDenied


class ClaimError(Exception):
    """Base for refusals that the user can act on. `str()` is the message to show."""


class ClaimLockedError(ClaimError):
    """The claim has a verdict, so its content cannot change until it is reopened."""

    def __init__(self, claim):
        self.claim = claim
        super().__init__(
            f"This claim is {claim.get_status_display().lower()}, so its statement, figure and "
            "methodology are locked. Reopen it to make changes."
        )


class StaleClaimError(ClaimError):
    """Someone changed the claim after the user loaded it (optimistic locking)."""

    def __init__(self, claim, expected_version):
        self.claim = claim
        self.expected_version = expected_version
        who = claim.updated_by.get_username() if claim.updated_by else "someone else"
        when = claim.updated_at.strftime("%d %b %Y %H:%M UTC") if claim.updated_at else ""
        super().__init__(
            f"{who} changed this claim ({when}) after you opened it: {_last_change(claim)}. "
            "Nothing of yours was saved; review their change, then apply yours again."
        )


def _last_change(claim):
    """What the latest write did: a move in the workflow (it writes its audit row at the same
    instant as the claim) or an edit of the content."""
    move = claim.status_changes.order_by("-changed_at", "-id").first()
    if move and move.changed_at == claim.updated_at:
        return f"moved it from {move.get_from_status_display()} to {move.get_to_status_display()}"
    return "edited its content"


__all__ = ["ClaimError", "ClaimLockedError", "PermissionDenied", "StaleClaimError"]
