"""The claim page's discussion: post, edit, delete and hide comments; suggest people to mention.
Thin: factcheck.discussion.services decides; refusals are shown on the claim page in place,
keeping what the user typed."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from factcheck.claims.views import claim_page, keep_for_claim_page
from factcheck.discussion import services
from factcheck.discussion.selectors import mention_suggestions
from factcheck.errors import NotPermitted, Refusal
from factcheck.models import Claim, Comment
from factcheck.permissions import COMMENT_EDIT_WINDOW, can_see_claim


def _back_to(comment_or_claim):
    return redirect(comment_or_claim.get_absolute_url())


# Enough @names to recognise a typo; a comment full of handles is summed up after these.
HANDLES_LISTED = 10


def _saved(request, comment, verb):
    """The success message, and which @names told nobody: a newsroom cites @UNHCR and
    medium.com/@ministry all day, so those are plain text, but a colleague's name mistyped
    must not go unnoticed (it could still be corrected within 15 minutes)."""
    messages.success(request, f"Comment {verb}.")
    handles = services.unmatched_handles(comment)
    if handles:
        named = ", ".join(f"@{name}" for name in handles[:HANDLES_LISTED])
        if len(handles) > HANDLES_LISTED:
            named += f" and {len(handles) - HANDLES_LISTED:,} more"
        minutes = int(COMMENT_EDIT_WINDOW.total_seconds() // 60)
        messages.info(
            request,
            f"Nobody was notified for {named}: nobody at the desk has "
            f"{'that user name' if len(handles) == 1 else 'those user names'}, so the text "
            f"shows as typed. Meant a colleague? Edit the comment within {minutes} minutes: "
            "type @ and choose them from the list.",
        )


def _refused(request, claim, error, **context):
    if isinstance(error, NotPermitted):
        raise error
    # Post/Redirect/Get, as every refusal on the claim page: the page shows the refusal
    # once, with what the user typed, and its address can be reloaded or shared.
    keep_for_claim_page(request, claim, comment_error=str(error), **context)
    return redirect(claim_page(claim, anchor="discussion"))


@require_POST
def post_comment(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    body = request.POST.get("body", "")
    try:
        comment = services.post_comment(claim=claim, author=request.user, body=body)
    except Refusal as error:
        return _refused(request, claim, error, comment_body=body)
    _saved(request, comment, "posted")
    return _back_to(comment)


@require_POST
def edit_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("claim"), pk=comment_id)
    body = request.POST.get("body", "")
    try:
        comment = services.edit_comment(comment=comment, actor=request.user, body=body)
    except Refusal as error:
        return _refused(request, comment.claim, error, editing_comment=comment.pk, edited_body=body)
    _saved(request, comment, "saved")
    return _back_to(comment)


@require_POST
def delete_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("claim"), pk=comment_id)
    try:
        services.delete_comment(comment=comment, actor=request.user)
    except Refusal as error:
        return _refused(request, comment.claim, error)
    messages.success(request, "Comment deleted.")
    return _back_to(comment.claim)


@require_POST
def hide_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("claim"), pk=comment_id)
    try:
        services.hide_comment(
            comment=comment, actor=request.user, reason=request.POST.get("reason", "")
        )
    except Refusal as error:
        return _refused(request, comment.claim, error, hiding_comment=comment.pk)
    messages.success(request, "Comment hidden.")
    return _back_to(comment)


@require_GET
def mention_candidates(request, pk):
    """JSON for the mention autocomplete: `?q=` a prefix; `{"people": [{"username",
    "name"}]}`, people who can see the claim."""
    claim = get_object_or_404(Claim, pk=pk)
    if not can_see_claim(request.user, claim):
        raise NotPermitted("You cannot see this claim.")
    prefix = request.GET.get("q", "")[:150]
    return JsonResponse({"people": mention_suggestions(claim, prefix)})
