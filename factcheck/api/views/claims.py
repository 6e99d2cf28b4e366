"""Claims: list (the queue's filters and sorts, keyset cursor), create, read, edit with
If-Match, move through the workflow, add evidence, assign. Thin: the queue's ClaimFilter
reads, the claims and workflow services write."""

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import permissions
from factcheck.api.access import ReadOrRule
from factcheck.api.pagination import keyset_page, next_link, page_size
from factcheck.api.serializers.claims import (
    CLAIM_RELATED,
    AssignmentSerializer,
    ClaimCreatedSerializer,
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimListSerializer,
    ClaimSerializer,
    ClaimWriteSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    SameFigureSerializer,
    TransitionSerializer,
)
from factcheck.api.versions import etag, expected_version
from factcheck.claims import services as claim_services
from factcheck.claims.assignment import assign_claim
from factcheck.errors import InvalidInput, Problem, form_problems
from factcheck.matching.filing import matches_before_filing
from factcheck.models import Claim, Status, is_storable_id
from factcheck.queue.filters import FILTER_PARAMETERS, SORTS, STABLE_SORTS, ClaimFilter
from factcheck.workflow.services import transition_claim
from factcheck.workflow.transitions import may_move_claims

PAGING_PARAMETERS = ("cursor", "page_size")
LIST_PARAMETERS = frozenset({*FILTER_PARAMETERS, "sort", *PAGING_PARAMETERS})
# The old name, for views that import it.
DETAIL_RELATED = CLAIM_RELATED

SORT_HELP = (
    f"Default `created`. Stable under edits: {', '.join(f'`{s}`' for s in STABLE_SORTS)} (on "
    "the creation time, which never changes): a walk following `next` gives every claim that "
    "matches the filters throughout exactly once, however claims are edited or moved "
    "meanwhile; use one for a complete walk. The other sorts are on values that edits change "
    "(`updated`: any edit or move; `status`: a move; `claimant`: a claim's claimant changed "
    "or renamed): a claim whose value changes during the walk is skipped if that moves it "
    "from after the last claim you have read to before it, and comes twice if it moves the "
    "other way; the other claims come once."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        'The ETag of the claim as you read it, e.g. "claim-12-v3"; a weak one (W/"…") never '
        "matches (412)."
    ),
)
LIST_FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, many=True, enum=Status.values),
    OpenApiParameter("claimant", OpenApiTypes.INT),
    OpenApiParameter("assignee", OpenApiTypes.STR, description="user id, `me` or `none`"),
    OpenApiParameter("has_figure", OpenApiTypes.STR, enum=["true", "false"]),
    OpenApiParameter("counted", OpenApiTypes.STR),
    OpenApiParameter("q", OpenApiTypes.STR),
    OpenApiParameter("created_after", OpenApiTypes.DATE),
    OpenApiParameter("created_before", OpenApiTypes.DATE),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS), description=SORT_HELP),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="from a page's `next` link"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 200, default 50"),
]


def unknown_parameters(query, known):
    unknown = sorted(set(query) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise ValidationError(
            {name: [f"Unknown parameter. Known: {listed}."] for name in unknown},
            code="unknown_parameter",
        )


def form_errors(form) -> InvalidInput:
    """A Django form's errors (the queue's filter form) as InvalidInput with each problem's
    field and code."""
    problems = form_problems(form)
    return InvalidInput(" ".join(problems), problems=problems)


def claim_or_404(pk, queryset=None) -> Claim:
    claim = (queryset or Claim.objects).filter(pk=pk).first() if is_storable_id(pk) else None
    if claim is None:
        raise Http404
    return claim


def claim_response(pk, status_code=status.HTTP_200_OK, extra=None, **headers) -> Response:
    """The claim's detail (ClaimDetailSerializer) with its ETag; `extra`: more keys for the
    body (a new claim's matches)."""
    claim = claim_or_404(
        pk,
        Claim.objects.select_related(*DETAIL_RELATED).prefetch_related(
            "evidence__added_by", "status_changes__actor"
        ),
    )
    data = {**ClaimDetailSerializer(claim).data, **(extra or {})}
    return Response(data, status=status_code, headers={"ETag": etag(claim), **headers})


class ClaimListView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_create_claim)

    @extend_schema(
        operation_id="claims_list", parameters=LIST_FILTERS, responses=ClaimListSerializer
    )
    def get(self, request):
        """Claims, filtered and sorted as the queue: no filter at all gives the open claims,
        oldest first. Follow `next` for the following page."""
        query = request.query_params
        unknown_parameters(query, LIST_PARAMETERS)
        size = page_size(query)
        filters = query.copy()
        for name in PAGING_PARAMETERS:
            filters.pop(name, None)
        filterset = ClaimFilter(filters, queryset=Claim.objects.all(), request=request)
        if not filterset.is_valid():
            raise form_errors(filterset.form)
        sort = filterset.sort_key
        rows, cursor = keyset_page(
            filterset.qs.select_related(*DETAIL_RELATED),
            sort=sort,
            ordering=SORTS[sort][1],
            cursor=query.get("cursor"),
            size=size,
        )
        results = ClaimSerializer(rows, many=True).data
        return Response({"results": results, "next": next_link(request, cursor)})

    @extend_schema(
        request=ClaimCreateSerializer,
        responses={201: ClaimCreatedSerializer, 409: SameFigureSerializer},
    )
    def post(self, request):
        """File a new claim (unverified). Reporters and editors.

        As on the New claim form, a claim whose figure the desk already holds (a
        `same_figure` match, or the same statement, claimant, figure and as-of date) is not
        filed: 409 `same_figure` lists the `matches`. Send it again with `"file_anyway":
        true` to file it all the same. A claim filed carries its `matches` (same quantity,
        similar text; same figure too when filed anyway), best first."""
        serializer = ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        given = serializer.validated_data
        matches = matches_before_filing(
            data=given["data"], new_claimant=given["new_claimant"], file_anyway=given["file_anyway"]
        )
        claim = claim_services.create_claim(
            actor=request.user, data=given["data"], new_claimant=given["new_claimant"]
        )
        location = request.build_absolute_uri(f"{claim.pk}/")
        return claim_response(
            claim.pk,
            status.HTTP_201_CREATED,
            extra={"matches": [match.as_dict() for match in matches]},
            Location=location,
        )


class ClaimDetailView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_edit_some_claims)

    @extend_schema(responses=ClaimDetailSerializer)
    def get(self, request, pk):
        """One claim with its evidence and history; the ETag header carries its version."""
        return claim_response(pk)

    @extend_schema(
        request=ClaimWriteSerializer, responses=ClaimDetailSerializer, parameters=[IF_MATCH]
    )
    def patch(self, request, pk):
        """Change some of a claim's fields. Needs If-Match: 428 without it, 412 (with who
        changed what) when the claim changed since."""
        claim = claim_or_404(pk)
        version = expected_version(request, claim.pk)
        serializer = ClaimWriteSerializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        claim_services.update_claim(
            claim=claim, actor=request.user, expected_version=version, **serializer.validated_data
        )
        return claim_response(pk)


class ClaimTransitionView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(may_move_claims)

    @extend_schema(
        request=TransitionSerializer, responses=ClaimDetailSerializer, parameters=[IF_MATCH]
    )
    def post(self, request, pk):
        """Move the claim to `to_status` through the workflow table (guards, two-person rule),
        writing its audit row in the caller's name. Needs If-Match."""
        claim = claim_or_404(pk)
        version = expected_version(request, claim.pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transition_claim(
            claim=claim, actor=request.user, expected_version=version, **serializer.validated_data
        )
        return claim_response(pk)


class ClaimEvidenceView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_add_evidence)

    @extend_schema(request=EvidenceWriteSerializer, responses={201: EvidenceSerializer})
    def post(self, request, pk):
        """Add a source that supports, contradicts or gives context to the claim (not while
        it has a verdict: 409 locked)."""
        claim = claim_or_404(pk)
        serializer = EvidenceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = claim_services.add_evidence(
            claim=claim, actor=request.user, **serializer.validated_data
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class ClaimAssignmentView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_assign)

    @extend_schema(request=AssignmentSerializer, responses=ClaimDetailSerializer)
    def post(self, request, pk):
        """Give the claim to an active editor or reporter (`assigned_to`: user id), or to
        nobody (null). Not a content change: no If-Match, the version stays."""
        claim = claim_or_404(pk)
        serializer = AssignmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignee_id = serializer.validated_data["assigned_to"]
        assignee = None
        if assignee_id is not None:
            assignee = get_user_model().objects.filter(pk=assignee_id).first()
            if assignee is None:
                problem = Problem("No such user.", code="does_not_exist", field="assigned_to")
                raise InvalidInput(str(problem), problems=[problem])
        assign_claim(claim=claim, assignee=assignee, actor=request.user)
        return claim_response(pk)
