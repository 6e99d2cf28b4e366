"""Pieces every resource's serializers share."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from factcheck.models import MAX_ID, Claimant


def id_field(**kwargs):
    """An object id: a whole number a database row can have (larger ones name nothing and
    are refused here, before any query)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def decimal_field(**kwargs):
    """A figure's number: up to 20 digits, 4 after the point, as the model stores it; a JSON
    number (exact, see factcheck.api.rendering) or a string."""
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, allow_null=True, **kwargs
    )


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
