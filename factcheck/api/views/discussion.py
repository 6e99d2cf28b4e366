"""A claim's discussion: GET/POST /api/v1/claims/{id}/comments/, GET/PATCH/DELETE
/api/v1/claims/{id}/comments/{comment_id}/. Thin: `factcheck.discussion.selectors` reads the
thread, `factcheck.discussion.services` writes (permission, the 15-minute rule, mentions, the
audit row and the notifications, in one transaction)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import permissions
from factcheck.api.access import ReadOrRule
from factcheck.api.pagination import keyset_page, next_link, page_size
from factcheck.api.serializers.discussion import (
    CommentListSerializer,
    CommentSerializer,
    CommentWriteSerializer,
)
from factcheck.api.views.claims import PAGING_PARAMETERS, claim_or_404, unknown_parameters
from factcheck.discussion import services
from factcheck.discussion.selectors import claim_thread
from factcheck.models import Comment, is_storable_id

# Oldest first, as the claim page shows the thread (Comment.Meta.ordering).
THREAD_ORDER = ("created_at", "id")
PAGING = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="from a page's `next` link"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 200, default 50"),
]


def comment_data(request, comment) -> dict:
    return CommentSerializer(comment, context={"user": request.user}).data


def comment_or_404(claim_pk, pk) -> Comment:
    """The comment `pk` of the claim `claim_pk` (404 if either is missing or they differ)."""
    found = None
    if is_storable_id(pk) and is_storable_id(claim_pk):
        found = (
            Comment.objects.select_related("claim", "author", "hidden_by")
            .filter(pk=pk, claim_id=claim_pk)
            .first()
        )
    if found is None:
        raise Http404
    return found


class CommentListView(APIView):
    permission_classes = [ReadOrRule]
    # Anyone who can see claims comments, on locked claims too (the service asks again).
    write_rule = staticmethod(permissions.can_see_claim)

    @extend_schema(
        operation_id="claims_comments_list", parameters=PAGING, responses=CommentListSerializer
    )
    def get(self, request, pk):
        """The claim's comments, oldest first, as the claim page shows them. Follow `next`."""
        claim = claim_or_404(pk)
        query = request.query_params
        unknown_parameters(query, set(PAGING_PARAMETERS))
        rows, cursor = keyset_page(
            claim_thread(claim).order_by(*THREAD_ORDER),
            sort="created",
            ordering=THREAD_ORDER,
            cursor=query.get("cursor"),
            size=page_size(query),
        )
        context = {"user": request.user, "now": timezone.now()}
        return Response(
            {
                "results": CommentSerializer(rows, many=True, context=context).data,
                "next": next_link(request, cursor),
            }
        )

    @extend_schema(request=CommentWriteSerializer, responses={201: CommentSerializer})
    def post(self, request, pk):
        """Comment on the claim (every role, also on a locked claim). `@username` notifies
        that person, who must be able to see the claim; an @name of nobody at the desk (a
        handle elsewhere, e.g. @UNHCR) and an @ inside a link or e-mail address are plain
        text (`mentions` lists who was notified); the claim's watchers are notified."""
        claim = claim_or_404(pk)
        serializer = CommentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.post_comment(
            claim=claim, author=request.user, body=serializer.validated_data["body"]
        )
        location = request.build_absolute_uri(f"{comment.pk}/")
        return Response(
            comment_data(request, comment),
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class CommentDetailView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_see_claim)

    @extend_schema(responses=CommentSerializer)
    def get(self, request, pk, comment_id):
        """One comment of the claim."""
        return Response(comment_data(request, comment_or_404(pk, comment_id)))

    @extend_schema(request=CommentWriteSerializer, responses=CommentSerializer)
    def patch(self, request, pk, comment_id):
        """Change the text of your own comment, within 15 minutes of posting it (409
        `edit_window_closed` after). People mentioned for the first time are notified."""
        comment = comment_or_404(pk, comment_id)
        serializer = CommentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.edit_comment(
            comment=comment, actor=request.user, body=serializer.validated_data["body"]
        )
        return Response(comment_data(request, comment))

    @extend_schema(responses={204: None})
    def delete(self, request, pk, comment_id):
        """Delete your own comment, within 15 minutes of posting it; its text stays in the
        claim's history."""
        services.delete_comment(comment=comment_or_404(pk, comment_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
