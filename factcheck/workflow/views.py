"""The claim page's workflow buttons: move a claim through the transition table."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from factcheck.claims.views import claim_page_with_error
from factcheck.errors import NotPermitted, Refusal
from factcheck.http_errors import refusal_context
from factcheck.models import Claim, Status
from factcheck.workflow.services import transition_claim


def _version(raw):
    return int(raw) if raw and raw.isascii() and raw.isdigit() else None


@require_POST
def transition(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    to_status = request.POST.get("to_status", "")
    note = request.POST.get("note", "")
    version = _version(request.POST.get("version"))
    if to_status not in Status.values or version is None:
        return claim_page_with_error(
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
    except NotPermitted:
        raise
    except Refusal as error:
        shown = refusal_context(error)
        return claim_page_with_error(
            request,
            claim,
            status=error.status,
            workflow_error=shown["headline"],
            problems=shown["problems"],
            note=note,
        )
    messages.success(request, f"Claim is now {Status(to_status).label.lower()}.")
    return redirect(claim)
