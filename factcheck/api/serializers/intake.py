"""Article intake over the API: the article a client sends, and the article stored with its
drafted figure claims, each with the claims of the desk it matches.

A draft has the fields of `python manage.py extract_claims --format json`
(`factcheck.intake.services.draft_claims`), values as exact JSON numbers, plus its `id`, its
`state` and its `matches` (`factcheck.matching.selectors.ClaimMatch.as_dict`). The article's
values are judged by the intake page's own form (`factcheck.intake.forms.ArticleForm`) and
service: the fields here only check JSON types.
"""

from rest_framework import serializers

from factcheck.api.serializers.common import decimal_field
from factcheck.api.serializers.matching import MatchSerializer
from factcheck.models import Article, DraftedClaim, Qualifier

# The command's JSON fields, in its order (tests check they are draft_claims' keys).
DRAFT_FIELDS = ("quote", "start", "end", "statement", "claimant", "value", "value_high",
                "qualifier", "unit", "counted", "place", "as_of", "vague")  # fmt: skip


class ArticleWriteSerializer(serializers.Serializer):
    """The intake page's fields, pasted text only (an upload is a page's affair)."""

    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="The article, as plain text."
    )
    title = serializers.CharField(allow_blank=True, required=False, default="")
    url = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="http or https; https if none"
    )
    publisher = serializers.CharField(allow_blank=True, required=False, default="")
    published = serializers.CharField(help_text="The publication date, YYYY-MM-DD.")


class DraftSerializer(serializers.ModelSerializer):
    """One drafted figure claim: `start`/`end` are character offsets into the stored
    article's `text`; `claimant` is "" when the article names nobody (the publisher's own)."""

    claimant = serializers.CharField(source="claimant_name", read_only=True)
    value = decimal_field(read_only=True)
    value_high = decimal_field(read_only=True)
    qualifier = serializers.ChoiceField(choices=[("", ""), *Qualifier.choices], read_only=True)
    matches = serializers.SerializerMethodField()

    class Meta:
        model = DraftedClaim
        fields = ["id", *DRAFT_FIELDS, "state", "matches"]
        read_only_fields = fields

    def get_matches(self, draft) -> MatchSerializer(many=True):
        return [match.as_dict() for match in self.context["matches"].get(draft.pk, [])]


class ArticleSerializer(serializers.ModelSerializer):
    """The stored article: `review_url` is its page, where the drafts are filed or rejected."""

    review_url = serializers.SerializerMethodField()
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    # A web address or "" (none given): not a "uri" in the schema's sense.
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "publisher", "published", "uploaded_by", "created_at",
                  "review_url", "text"]  # fmt: skip
        read_only_fields = fields

    def get_review_url(self, article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())


class IntakeResultSerializer(serializers.Serializer):
    article = ArticleSerializer()
    drafts = DraftSerializer(many=True)
