"""Has this been checked already? What a client asks with (query parameters) and the matches it
gets back, in the shape of `factcheck.matching.selectors.as_data`.

The parameters here only check types and lengths (no NUL, ids a row can have); the claim's
values are then judged by `factcheck.claims.validation.clean_claim_values`, as the New claim
form judges them before its *Check for matches*.
"""

from rest_framework import serializers

from factcheck.api.serializers.common import id_field
from factcheck.matching.ranking import MatchKind
from factcheck.models import FIGURE_FIELDS, Claimant, Status

# The claim values a lookup may give, as the New claim form names them.
PROBE_FIELDS = ("statement", *FIGURE_FIELDS)
NAME_MAX_LENGTH = Claimant._meta.get_field("name").max_length


class MatchQuerySerializer(serializers.Serializer):
    """The query of GET /api/v1/claims/matches/: the claim as it would be filed. Values are
    text as typed in the form ("2,000", "2022-03-02"); `claimant` (an id) or `claimant_name`
    (a name as typed; aliases are recognised), not both."""

    statement = serializers.CharField(help_text="The claim's sentence.")
    claimant = id_field(required=False, help_text="A claimant's id.")
    claimant_name = serializers.CharField(
        max_length=NAME_MAX_LENGTH, required=False, help_text="A claimant's name, as typed."
    )
    value = serializers.CharField(required=False, allow_blank=True, help_text="e.g. 2,000")
    value_high = serializers.CharField(required=False, allow_blank=True)
    qualifier = serializers.CharField(required=False, allow_blank=True, help_text="a code")
    unit = serializers.CharField(required=False, allow_blank=True)
    counted = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True)
    as_of = serializers.CharField(required=False, allow_blank=True, help_text="YYYY-MM-DD")


class MatchSerializer(serializers.Serializer):
    """An existing claim that matches (`ClaimMatch.as_dict`)."""

    claim = serializers.IntegerField(help_text="The id of the existing claim.")
    kind = serializers.ChoiceField(
        choices=[str(kind) for kind in MatchKind],
        help_text="same_figure, same_quantity (other figure) or similar_text.",
    )
    score = serializers.FloatField(min_value=0, max_value=1)
    statement = serializers.CharField(help_text="The existing claim's statement.")
    status = serializers.ChoiceField(choices=Status.choices)
    url = serializers.CharField(help_text="The existing claim's page.")
    api_url = serializers.CharField(help_text="The existing claim in the API.")


class MatchListSerializer(serializers.Serializer):
    """Best first: same figure, then same quantity, then similar text."""

    matches = MatchSerializer(many=True)
