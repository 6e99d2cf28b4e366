"""The claim page's workflow buttons: move a claim through the transition table.

Done or refused, the answer is a redirect to the claim page (Post/Redirect/Get): a refusal and
the note typed are shown there, and reloading or sharing the address never meets a URL that
only takes POST. The queue the editor came from (`queue`, its query string) rides along, for
the "Next claim in the queue" link after a decision.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from factcheck.claims.views import claim_page, keep_for_claim_page, refused_on_claim_page
from factcheck.errors import NotPermitted, Refusal
from factcheck.models import FINAL_STATUSES, Claim, Status
from factcheck.workflow.services import transition_claim


def _version(raw):
    return int(raw) if raw and raw.isascii() and raw.isdigit() else None


@require_POST
def transition(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    to_status = request.POST.get("to_status", "")
    note = request.POST.get("note", "")
    queue_query = request.POST.get("queue", "")
    version = _version(request.POST.get("version"))
    if to_status not in Status.values or version is None:
        keep_for_claim_page(
            request, claim, workflow_error="That action was not understood.", note=note
        )
        return redirect(claim_page(claim, queue_query, anchor="workflow-heading"))
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
        return refused_on_claim_page(request, claim, error, note=note, queue_query=queue_query)
    messages.success(request, f"Claim is now {Status(to_status).label.lower()}.")
    keep_for_claim_page(request, claim, decided=to_status in FINAL_STATUSES)
    return redirect(claim_page(claim, queue_query))
