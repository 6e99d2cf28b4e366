"""Verified figures as the JSON export writes them (its fields, in its order), a page at a
time. Documentation only: the rows are the export's own (factcheck.exports.rows)."""

from rest_framework import serializers

TEXT = serializers.CharField


class FigureSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField()
    statement = TEXT()
    claimant = TEXT()
    claimant_kind = TEXT()
    value = serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, allow_null=True
    )
    value_high = serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, allow_null=True
    )
    unit = TEXT()
    qualifier = TEXT()
    counted = TEXT()
    place = TEXT()
    as_of = serializers.DateField(allow_null=True)
    status = TEXT()
    methodology_notes = TEXT()
    evidence_urls = TEXT()
    source_url = TEXT()
    source_title = TEXT()
    source_date = serializers.DateField(allow_null=True)
    verified_by = TEXT(allow_null=True)
    verified_at = serializers.DateTimeField(allow_null=True)
    claim_url = TEXT()


class FigurePageSerializer(serializers.Serializer):
    filters = serializers.DictField()
    figures = FigureSerializer(many=True)
    next = serializers.CharField(allow_null=True)
