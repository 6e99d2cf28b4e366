"""GET /api/v1/claims/matches/: has this claim been checked already? Thin: the values are
judged by `factcheck.claims.validation` (as the New claim form judges them) and the matches
come from `factcheck.matching.selectors.find_matches`, the pages' own lookup."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.access import ReadOrRule
from factcheck.api.serializers.matching import (
    PROBE_FIELDS,
    MatchListSerializer,
    MatchQuerySerializer,
)
from factcheck.api.views.claims import unknown_parameters
from factcheck.claims.validation import clean_claim_values
from factcheck.errors import InvalidInput, Problem
from factcheck.matching.selectors import as_data, find_matches
from factcheck.models import Claimant


def single_values(query, known) -> dict:
    """The query as {name: value}: unknown names and a name given twice are refused (400),
    rather than one of two values being picked silently."""
    unknown_parameters(query, known)
    twice = sorted(name for name in query if len(query.getlist(name)) > 1)
    if twice:
        raise ValidationError(
            {name: ["Give this parameter once."] for name in twice}, code="repeated_parameter"
        )
    return {name: query.get(name) for name in query}


class ClaimMatchesView(APIView):
    permission_classes = [ReadOrRule]

    @extend_schema(
        operation_id="claims_matches",
        parameters=[MatchQuerySerializer],
        responses=MatchListSerializer,
    )
    def get(self, request):
        """The existing claims a claim with these values would match, best first (at most
        10): `same_figure` (same claimant, quantity and a figure that agrees), `same_quantity`
        (what is counted and the place agree, the figure or claimant differ), `similar_text`.
        The values obey the New claim form's rules (a value needs a qualifier and what is
        counted, ...): a bad one is 400 with each problem's field and code."""
        query = single_values(request.query_params, set(MatchQuerySerializer().fields))
        params = MatchQuerySerializer(data=query)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        raw = {name: given.get(name, "") for name in PROBE_FIELDS}
        values, problems = clean_claim_values(raw)
        claimant, problems = _claimant(given, problems)
        if problems:
            raise InvalidInput("Nothing was looked up: " + " ".join(problems), problems=problems)
        try:
            matches = find_matches(
                claimant=claimant,
                claimant_name=given.get("claimant_name", ""),
                **{name: values[name] for name in PROBE_FIELDS},
            )
        except ValueError as error:  # the form's rules should have caught it: still a 400
            raise InvalidInput(f"Nothing was looked up: {error}.") from None
        return Response(as_data(matches))


def _claimant(given, problems):
    """The claimant named by id, with a problem when there is no such claimant or when a name
    is given as well."""
    claimant_id = given.get("claimant")
    if claimant_id is None:
        return None, problems
    if given.get("claimant_name"):
        problem = Problem(
            "Give claimant (an id) or claimant_name, not both.",
            code="claimant_twice",
            field="claimant_name",
        )
        return None, [*problems, problem]
    claimant = Claimant.objects.filter(pk=claimant_id).first()
    if claimant is None:
        problem = Problem(
            f"There is no claimant {claimant_id}.", code="does_not_exist", field="claimant"
        )
        return None, [*problems, problem]
    return claimant, problems
