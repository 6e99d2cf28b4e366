"""Pieces every resource's serializers share."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck.limits import FIGURE_DECIMAL_PLACES, FIGURE_LIMIT_CODE, MAX_FIGURE
from factcheck.models import MAX_ID, Claimant


def id_field(**kwargs):
    """An object id: a whole number a database row can have (larger ones name nothing and
    are refused here, before any query)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def decimal_field(**kwargs):
    """A figure's number as the API shows it: a JSON number, exact (factcheck.api.rendering)."""
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, allow_null=True, **kwargs
    )


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "nullable": True,
        "description": (
            f"A JSON number (read exactly, never through a float: {MAX_FIGURE}, 1.5e3), or "
            f"text as the New claim form takes it (1,500). Up to ±{MAX_FIGURE:,}, at most "
            f"{FIGURE_DECIMAL_PLACES} places after the point once zeros ending the fraction "
            f"are dropped; beyond, refused with code `{FIGURE_LIMIT_CODE}`."
        ),
    }
)
class FigureInputField(serializers.Field):
    """A figure's number as a client sends it: a JSON number (a Decimal or an int from the
    parser) or text. Passed on as it is, for the claim rules (`clean_claim_values`) to read
    the text as the claim form does and to hold either to the desk's limit
    (`factcheck.limits.check_figure`): one rule, one message, one code on every path."""

    default_error_messages = {
        "invalid": "Give a number (a JSON number, or text as the claim form takes it: 1,500)."
    }

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | Decimal | str):
            self.fail("invalid")
        return Decimal(data) if isinstance(data, int) else data

    def to_representation(self, value):
        return value


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]
        read_only_fields = fields


class ClaimantRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class PageSerializer(serializers.Serializer):
    """The envelope of every list: the rows and the link to the next page (null at the end)."""

    next = serializers.CharField(allow_null=True, read_only=True)
