"""Claimants, tracked quantities and a quantity's series as JSON."""

from rest_framework import serializers

from factcheck.api.serializers.common import id_field
from factcheck.models import Claimant, ClaimantKind, TrackedQuantity
from factcheck.tracker.services import QUANTITY_FIELDS


class ClaimantSerializer(serializers.ModelSerializer):
    # A web address or "" (none known): not a "uri" in the schema's sense.
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Claimant
        fields = ["id", "name", "kind", "url"]
        read_only_fields = fields


class ClaimantWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ClaimantKind.choices, default=ClaimantKind.OTHER)
    url = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClaimantListSerializer(serializers.Serializer):
    results = ClaimantSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class QuantitySerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackedQuantity
        fields = ["id", *QUANTITY_FIELDS, "created_at"]
        read_only_fields = fields


class QuantityWriteSerializer(serializers.ModelSerializer):
    """The fields of a new tracked quantity; the service runs the model's own validation."""

    class Meta:
        model = TrackedQuantity
        fields = list(QUANTITY_FIELDS)
        # Uniqueness is judged by the service (full_clean), in its transaction.
        extra_kwargs = {"name": {"validators": []}}


class QuantityListSerializer(serializers.Serializer):
    results = QuantitySerializer(many=True)
    next = serializers.CharField(allow_null=True)


class AttachSerializer(serializers.Serializer):
    claims = serializers.ListField(child=id_field(), min_length=1, max_length=200)


class AttachResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()


class SeriesPointSerializer(serializers.Serializer):
    """One claim with a figure in a quantity's series: the series export's columns."""

    quantity = serializers.CharField()
    claim_id = serializers.IntegerField()
    claimant = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    qualifier = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False)
    value_high = serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, allow_null=True
    )
    unit = serializers.CharField()
    counted = serializers.CharField()
    place = serializers.CharField()
    status = serializers.CharField()
    confirmed = serializers.BooleanField()
    statement = serializers.CharField()
    methodology_notes = serializers.CharField()
    source_title = serializers.CharField()
    source_url = serializers.CharField()
    source_date = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    quantity = QuantitySerializer()
    figures = SeriesPointSerializer(many=True)
    count = serializers.IntegerField()
