"""Claims as JSON, and what a client may send to create, edit, move, assign or add evidence.

Values sent are judged by `factcheck.claims.validation`, the rules the claim form and the
importer use: the fields here only check JSON types, then the values go through
`clean_claim_values` (parsing, plausible dates, the figure rule and the desk's figure limit)
and `claimant_problems`. A figure sent as a JSON number reaches them as the number it is.
"""

import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from factcheck.api.serializers.common import (
    ClaimantRefSerializer,
    FigureInputField,
    UserRefSerializer,
    decimal_field,
    id_field,
)
from factcheck.api.serializers.matching import MatchSerializer
from factcheck.claims.validation import EDITABLE_FIELDS, claimant_problems, clean_claim_values
from factcheck.errors import InvalidInput, Problem
from factcheck.models import (
    FIGURE_FIELDS,
    Claim,
    Claimant,
    ClaimantKind,
    Evidence,
    EvidenceStance,
    Qualifier,
    Status,
    StatusChange,
)

# What ClaimSerializer reads besides the claim's own row: select them, and a claim (or a page
# of them) is serialised in the one query that reads it.
CLAIM_RELATED = ("claimant", "assigned_to", "created_by", "updated_by")


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as the API shows it, the one representation of a claim for machines: a row of
    the list, the start of the detail, and `data.claim` of every event and webhook
    (`claim_data`). Content, figure, status, who and when, `version` (also the ETag), which
    an edit or a move must name, and absolute links to its page and its API address (from
    FACTCHECK_BASE_URL, so no request is needed). Reads only the claim and CLAIM_RELATED."""

    claimant = ClaimantRefSerializer(read_only=True)
    assigned_to = UserRefSerializer(read_only=True, allow_null=True)
    value = decimal_field(read_only=True)
    value_high = decimal_field(read_only=True)
    # "" when the claim carries no figure: declared, as a read-only model field's schema
    # would leave the blank out of the enum.
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, allow_blank=True, read_only=True)
    figure_text = serializers.CharField(read_only=True)
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True
    )
    updated_by = serializers.CharField(
        source="updated_by.username", read_only=True, allow_null=True
    )
    page_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    # A web address or "" (none known): not a "uri" in the schema's sense.
    source_url = serializers.CharField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "statement",
            "claimant",
            *FIGURE_FIELDS,
            "figure_text",
            "status",
            "methodology_notes",
            "source_url",
            "source_title",
            "source_date",
            "assigned_to",
            "quantity",
            "created_by",
            "created_at",
            "updated_by",
            "updated_at",
            "version",
            "page_url",
            "api_url",
        ]
        read_only_fields = fields

    def get_page_url(self, claim) -> str:
        return settings.FACTCHECK_BASE_URL + claim.get_absolute_url()

    def get_api_url(self, claim) -> str:
        return settings.FACTCHECK_BASE_URL + reverse("api-claim-detail", args=[claim.pk])


@functools.cache
def _claim_serializer() -> ClaimSerializer:
    # DRF builds a ModelSerializer's fields anew for every instance (model introspection,
    # about ten times the cost of the representation itself); events are written inside the
    # change's transaction, one per claim in an import, so build them once. Representing
    # only reads the bound fields: one instance serves every thread.
    serializer = ClaimSerializer()
    serializer.fields  # noqa: B018 (built now, not lazily in a request)
    return serializer


def claim_data(claim: Claim) -> dict:
    """`claim` as the API shows it (ClaimSerializer), as plain data: figures stay Decimals
    (written as exact JSON numbers by the API's renderer and `events.payloads.to_json`),
    dates and times ISO 8601 text. Needs no request; select CLAIM_RELATED with the claim,
    or each of them is one more query."""
    return dict(_claim_serializer().to_representation(claim))


class EvidenceSerializer(serializers.ModelSerializer):
    added_by = serializers.CharField(source="added_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = ["id", "url", "title", "note", "stance", "added_by", "added_at"]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = StatusChange
        fields = ["id", "from_status", "to_status", "actor", "note", "changed_at"]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its evidence (oldest first) and history (newest first)."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    history = StatusChangeSerializer(many=True, read_only=True, source="status_changes")

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "evidence", "history"]
        read_only_fields = fields


class ClaimListSerializer(serializers.Serializer):
    results = ClaimSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class NewClaimantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ClaimantKind.choices, default=ClaimantKind.OTHER)


def _text(value):
    """A typed value back as the text a form would have been sent; a figure's Decimal (a
    JSON number, or the claim's stored value) stays the number it is: the figure field takes
    it as it is, and writing 1E+999999999 out as digits would never end."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class ClaimWriteSerializer(serializers.Serializer):
    """What a client sends to create a claim (POST) or change some of its fields (PATCH).
    The claimant is `claimant` (an id) or `new_claimant` (matched by name, ignoring case, or
    created), never both."""

    statement = serializers.CharField()
    claimant = id_field(required=False, allow_null=True)
    new_claimant = NewClaimantSerializer(required=False, allow_null=True)
    value = FigureInputField(required=False)
    value_high = FigureInputField(required=False)
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True)
    counted = serializers.CharField(max_length=200, required=False, allow_blank=True)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    as_of = serializers.DateField(required=False, allow_null=True)
    methodology_notes = serializers.CharField(required=False, allow_blank=True)
    source_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    source_title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    source_date = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        """{"data": cleaned values for the claim services, "new_claimant": … or None}, or
        InvalidInput listing every problem with its field and code."""
        current = self.instance
        raw = {
            name: _text(attrs[name] if name in attrs else getattr(current, name, None))
            for name in EDITABLE_FIELDS
            if name != "claimant"
        }
        data, problems = clean_claim_values(raw)
        claimant, problems = self._claimant(attrs, problems)
        new = attrs.get("new_claimant") or None
        named = claimant is not None or new is not None or current is None
        if named and not any(p.field == "claimant" for p in problems):
            problems += claimant_problems(claimant, new["name"] if new else "")
        if problems:
            raise InvalidInput("The claim was not saved: " + " ".join(problems), problems=problems)
        data["claimant"] = claimant or getattr(current, "claimant", None)
        return {"data": data, "new_claimant": new}

    def _claimant(self, attrs, problems):
        claimant_id = attrs.get("claimant")
        if claimant_id is None:
            return None, problems
        claimant = Claimant.objects.filter(pk=claimant_id).first()
        if claimant is None:
            problem = Problem(
                f"There is no claimant {claimant_id}.", code="does_not_exist", field="claimant"
            )
            return None, [*problems, problem]
        return claimant, problems


class ClaimCreateSerializer(ClaimWriteSerializer):
    """What a client sends to file a claim (POST): the claim, and `file_anyway`, the
    deliberate second step that files it although the desk already holds its figure."""

    file_anyway = serializers.BooleanField(
        required=False,
        default=False,
        help_text="File the claim although the desk already holds its figure (after a 409 "
        "same_figure showed the matches). Without it such a claim is refused.",
    )

    def validate(self, attrs):
        file_anyway = attrs.pop("file_anyway", False)
        return {**super().validate(attrs), "file_anyway": file_anyway}


class ClaimCreatedSerializer(ClaimDetailSerializer):
    """The claim just filed, with the existing claims it matches (issue 18), best first:
    same_quantity and similar_text, and same_figure when it was filed anyway."""

    matches = serializers.ListField(child=MatchSerializer(), read_only=True)

    class Meta(ClaimDetailSerializer.Meta):
        fields = [*ClaimDetailSerializer.Meta.fields, "matches"]
        read_only_fields = fields


class SameFigureSerializer(serializers.Serializer):
    """409 same_figure: the problem document, with the claims that hold the figure."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=["same_figure"])
    problems = serializers.ListField(child=serializers.DictField())
    matches = MatchSerializer(many=True, help_text="Best first, same_figure first.")
    duplicate = serializers.IntegerField(
        allow_null=True,
        help_text="The claim with the same statement, claimant, figure and as-of date (what "
        "the importer skips), or null.",
    )


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceWriteSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    stance = serializers.ChoiceField(
        choices=EvidenceStance.choices, default=EvidenceStance.SUPPORTS
    )


class AssignmentSerializer(serializers.Serializer):
    assigned_to = id_field(allow_null=True)
