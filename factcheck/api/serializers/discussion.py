"""A claim's comments as JSON: the raw text and the same sanitised HTML the claim page shows
(`factcheck.discussion.rendering.render_comment`); a hidden comment as the page shows it: who
hid it, when and why, without its text (the service removed it; the audit trail keeps it)."""

from django.utils import timezone
from rest_framework import serializers

from factcheck.api.serializers.common import UserRefSerializer
from factcheck.discussion.models import BODY_MAX_LENGTH
from factcheck.discussion.rendering import render_comment
from factcheck.models import Comment
from factcheck.permissions import can_change_comment


class CommentSerializer(serializers.ModelSerializer):
    """`body`: the text as typed, `html`: it rendered as safe HTML (links, emphasis,
    mentions); both null when the comment is hidden. `mentions`: the user names it mentions
    (notified); any other @name in `body` (a handle elsewhere, e.g. @UNHCR) is plain text and
    notified nobody. `may_change`: whether the caller may still edit or delete it (its
    author, within 15 minutes of posting)."""

    author = UserRefSerializer(read_only=True)
    body = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    mentions = serializers.ListField(child=serializers.CharField(), read_only=True)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_by = serializers.CharField(
        source="hidden_by.username", read_only=True, allow_null=True, default=None
    )
    may_change = serializers.SerializerMethodField()
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "claim",
            "author",
            "body",
            "html",
            "mentions",
            "created_at",
            "edited_at",
            "hidden",
            "hidden_at",
            "hidden_by",
            "hidden_reason",
            "may_change",
            "page_url",
        ]
        read_only_fields = fields

    def get_body(self, comment) -> str | None:
        return None if comment.is_hidden else comment.body

    def get_html(self, comment) -> str | None:
        return None if comment.is_hidden else str(render_comment(comment.body, comment.mentions))

    def get_may_change(self, comment) -> bool:
        user = self.context.get("user")
        now = self.context.get("now") or timezone.now()
        return user is not None and can_change_comment(user, comment, now=now)


class CommentListSerializer(serializers.Serializer):
    results = CommentSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class CommentWriteSerializer(serializers.Serializer):
    """A comment's text: plain text, `@username` mentions (an @name of nobody at the desk is
    plain text), links, *emphasis*, **bold**. Empty
    and too long are the service's refusals (`comment_required`, `comment_too_long`), so the
    API says what the page says."""

    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=f"At most {BODY_MAX_LENGTH} characters."
    )
