"""Matches on the pages: before a claim is filed (the New claim form) and on a claim's page;
marking a claim as a duplicate. Thin: `find_matches` reads, `mark_duplicate` writes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from factcheck.errors import NotPermitted, Refusal
from factcheck.matching.duplicates import mark_duplicate, unmark_duplicate
from factcheck.matching.selectors import ClaimMatch, holds_filing, new_claim_matches
from factcheck.models import Claim, is_storable_id
from factcheck.permissions import can_mark_duplicate

# The New claim form's buttons: look without filing; file although the figure is in the desk.
CHECK = "check_matches"
FILE_ANYWAY = "file_anyway"


def form_matches(form) -> list[ClaimMatch]:
    """The existing claims the valid claim form `form` (factcheck.claims.forms.ClaimForm)
    matches, best first."""
    data = form.cleaned_data
    new_name = (data.get("new_claimant_name") or "").strip()
    return new_claim_matches(data=data, new_claimant={"name": new_name} if new_name else None)


def hold_before_filing(request, matches: list[ClaimMatch]) -> bool:
    """Whether the form must show `matches` instead of filing the claim: when the editor asked
    to check, or when a claim with the same figure is in the desk and they have not clicked
    "File it anyway" (issue 18: filing a known figure takes a deliberate click)."""
    if CHECK in request.POST:
        return True
    return holds_filing(matches) and FILE_ANYWAY not in request.POST


def filed_message(matches: list[ClaimMatch]) -> str:
    """What to tell the editor who has just filed a claim with these matches."""
    if not matches:
        return "Claim added."
    count = len(matches)
    return (
        f"Claim added. It matches {count} claim{'s' if count != 1 else ''} already in the "
        "desk: see “Has this been checked already?” below."
    )


@require_POST
def duplicate(request, pk):
    """Mark the claim as a duplicate of the posted `duplicate_of` (a claim number), or, when
    it is empty, undo the mark."""
    claim = get_object_or_404(Claim, pk=pk)
    if not can_mark_duplicate(request.user):
        raise NotPermitted("You do not have permission to mark claims as duplicates.")
    raw = request.POST.get("duplicate_of", "").strip().removeprefix("#")
    try:
        if not raw:
            unmark_duplicate(claim=claim, actor=request.user)
            messages.success(request, f"Claim {claim.pk} is no longer marked as a duplicate.")
            return redirect(claim)
        if not (raw.isascii() and raw.isdigit() and len(raw) < 20 and is_storable_id(int(raw))):
            messages.error(request, f"“{raw[:20]}” is not a claim number.")
            return redirect(claim)
        mark_duplicate(claim=claim, of=int(raw), actor=request.user)
    except Refusal as error:
        messages.error(request, str(error))
        return redirect(claim)
    messages.success(request, f"Claim {claim.pk} marked as a duplicate of claim {raw}.")
    return redirect(claim)
