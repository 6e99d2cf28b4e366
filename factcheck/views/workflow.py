"""Claim-page actions that change who has a claim or where it stands in the workflow."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from factcheck import claims as claim_services
from factcheck.errors import StaleClaimError
from factcheck.models import Claim, Status
from factcheck.views.claims import ClaimDetailView
from factcheck.workflow import GuardFailed, TransitionNotAllowed, transition_claim


def _claim_page(request, claim, *, status, **context):
    """Show the claim page again with an error, keeping what the user typed."""
    request.method = "GET"
    response = ClaimDetailView.as_view(extra_context=context)(request, pk=claim.pk)
    response.status_code = status
    return response


def _int_or_none(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@require_POST
def transition(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    to_status = request.POST.get("to_status", "")
    note = request.POST.get("note", "")
    version = _int_or_none(request.POST.get("version"))
    if to_status not in Status.values or version is None:
        return _claim_page(
            request, claim, status=400, workflow_error="That action was not understood.", note=note
        )
    try:
        transition_claim(
            claim=claim,
            to_status=to_status,
            actor=request.user,
            note=note,
            expected_version=version,
        )
    except (StaleClaimError, TransitionNotAllowed) as error:
        return _claim_page(request, claim, status=409, workflow_error=str(error), note=note)
    except GuardFailed as error:
        headline = f"Cannot {error.transition.label.lower()} yet:"
        return _claim_page(
            request, claim, status=400, workflow_error=headline, problems=error.problems, note=note
        )
    messages.success(request, f"Claim is now {Status(to_status).label.lower()}.")
    return redirect(claim)


@require_POST
def assign(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    assignee_id = request.POST.get("assigned_to") or None
    assignee = None
    if assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=_int_or_none(assignee_id)).first()
        if assignee is None:
            return _claim_page(request, claim, status=400, workflow_error="No such user.")
    try:
        claim_services.assign_claim(claim=claim, assignee=assignee, actor=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        return _claim_page(request, claim, status=400, workflow_error=" ".join(error.messages))
    messages.success(request, f"Assigned to {assignee.get_username() if assignee else 'nobody'}.")
    return redirect(claim)
