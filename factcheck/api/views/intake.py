"""POST /api/v1/intake/: an article in, its figure claims drafted out (issue 17), each with
the claims of the desk it matches (issue 18). Thin: the intake page's form judges the
article, `factcheck.intake.services.create_article` stores it and its drafts, as the page
does, and `factcheck.intake.selectors.draft_matches` looks up each draft's matches."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import permissions
from factcheck.api.access import ReadOrRule
from factcheck.api.serializers.intake import (
    ArticleSerializer,
    ArticleWriteSerializer,
    DraftSerializer,
    IntakeResultSerializer,
)
from factcheck.api.views.claims import form_errors
from factcheck.intake import selectors, services
from factcheck.intake.article_text import MAX_UPLOAD_BYTES
from factcheck.intake.forms import ArticleForm


class IntakeView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_use_intake)
    # An article may be as long as the page takes (a 2 MB file), beyond the API's usual cap.
    max_body_bytes = MAX_UPLOAD_BYTES + 64 * 1024

    @extend_schema(
        operation_id="intake_create",
        request=ArticleWriteSerializer,
        responses={201: IntakeResultSerializer},
    )
    def post(self, request):
        """Store an article (editors and reporters, as the Intake page) and draft its figure
        claims: the values are judged as on the page (text required, at most 200,000
        characters; address http or https; a title; the publication date, from which "on
        Tuesday" is read). The drafts wait on the article's review page (`review_url`)."""
        serializer = ArticleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = ArticleForm(data=serializer.validated_data)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        article = services.create_article(
            actor=request.user,
            text=data["text"],
            title=data["title"],
            published=data["published"],
            url=data["url"],
            publisher=data["publisher"],
        )
        drafts = selectors.article_drafts(article)
        context = {"request": request, "matches": selectors.draft_matches(article, drafts)}
        body = {
            "article": ArticleSerializer(article, context=context).data,
            "drafts": DraftSerializer(drafts, many=True, context=context).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)
