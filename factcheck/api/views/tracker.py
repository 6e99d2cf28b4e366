"""Claimants, tracked quantities and a quantity's series: read by everyone signed in (the
series by those who may export, as its download), written by those the pages allow, through
the same services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import permissions
from factcheck.api.access import MayExport, ReadOrRule
from factcheck.api.pagination import keyset_page, next_link, page_size
from factcheck.api.serializers.tracker import (
    AttachResultSerializer,
    AttachSerializer,
    ClaimantListSerializer,
    ClaimantSerializer,
    ClaimantWriteSerializer,
    QuantityListSerializer,
    QuantitySerializer,
    QuantityWriteSerializer,
    SeriesSerializer,
)
from factcheck.api.views.claims import unknown_parameters
from factcheck.claims.services import create_claimant
from factcheck.errors import InvalidInput, Problem, validation_problems
from factcheck.exports.writers import iso
from factcheck.models import Claimant, TrackedQuantity, is_storable_id
from factcheck.tracker import selectors, series_export
from factcheck.tracker.services import attach_claims, create_quantity

PAGING = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="from a page's `next` link"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 200, default 50"),
]
BY_NAME = ("name", "id")


def object_or_404(model, pk):
    found = model.objects.filter(pk=pk).first() if is_storable_id(pk) else None
    if found is None:
        raise Http404
    return found


def page_by_name(request, queryset, serializer_class):
    query = request.query_params
    unknown_parameters(query, {"cursor", "page_size"})
    rows, cursor = keyset_page(
        queryset.order_by(*BY_NAME),
        sort="name",
        ordering=BY_NAME,
        cursor=query.get("cursor"),
        size=page_size(query),
    )
    return Response(
        {"results": serializer_class(rows, many=True).data, "next": next_link(request, cursor)}
    )


class ClaimantListView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_create_claimant)

    @extend_schema(
        operation_id="claimants_list", parameters=PAGING, responses=ClaimantListSerializer
    )
    def get(self, request):
        """Claimants, A to Z."""
        return page_by_name(request, Claimant.objects.all(), ClaimantSerializer)

    @extend_schema(request=ClaimantWriteSerializer, responses={201: ClaimantSerializer})
    def post(self, request):
        """Add a claimant (reporters and editors); a name taken, ignoring case, is refused."""
        serializer = ClaimantWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claimant = create_claimant(actor=request.user, **serializer.validated_data)
        return Response(ClaimantSerializer(claimant).data, status=status.HTTP_201_CREATED)


class ClaimantDetailView(APIView):
    permission_classes = [ReadOrRule]

    @extend_schema(responses=ClaimantSerializer)
    def get(self, request, pk):
        return Response(ClaimantSerializer(object_or_404(Claimant, pk)).data)


class QuantityListView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_create_quantity)

    @extend_schema(
        operation_id="quantities_list", parameters=PAGING, responses=QuantityListSerializer
    )
    def get(self, request):
        """Tracked quantities, A to Z."""
        return page_by_name(request, TrackedQuantity.objects.all(), QuantitySerializer)

    @extend_schema(request=QuantityWriteSerializer, responses={201: QuantitySerializer})
    def post(self, request):
        """Add a tracked quantity (editors)."""
        serializer = QuantityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quantity = create_quantity(actor=request.user, data=serializer.validated_data)
        return Response(QuantitySerializer(quantity).data, status=status.HTTP_201_CREATED)


class QuantityDetailView(APIView):
    permission_classes = [ReadOrRule]

    @extend_schema(responses=QuantitySerializer)
    def get(self, request, pk):
        return Response(QuantitySerializer(object_or_404(TrackedQuantity, pk)).data)


class QuantityClaimsView(APIView):
    permission_classes = [ReadOrRule]
    write_rule = staticmethod(permissions.can_attach)

    @extend_schema(request=AttachSerializer, responses=AttachResultSerializer)
    def post(self, request, pk):
        """File claims (ids) under this quantity, moving them from any other: all or nothing,
        each claim must have a figure in the quantity's unit (editors)."""
        quantity = object_or_404(TrackedQuantity, pk)
        serializer = AttachSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            changed = attach_claims(
                claim_ids=serializer.validated_data["claims"], quantity=quantity, actor=request.user
            )
        except DjangoValidationError as error:
            problems = [Problem(p, code=p.code, field="claims") for p in validation_problems(error)]
            raise InvalidInput(
                "Nothing was attached. " + " ".join(problems), problems=problems
            ) from None
        return Response({"changed": changed})


class QuantitySeriesView(APIView):
    permission_classes = [MayExport]

    @extend_schema(responses=SeriesSerializer)
    def get(self, request, pk):
        """The quantity's time series: each claim with a figure, oldest as-of date first, with
        the columns of the series download (/quantities/{id}/series.json)."""
        quantity = object_or_404(TrackedQuantity, pk)
        claims = selectors.quantity_claims(quantity)
        figures = [
            {
                column: _plain(value)
                for column, value in zip(series_export.COLUMNS, row, strict=True)
            }
            for row in series_export.rows(quantity, claims)
        ]
        return Response(
            {
                "quantity": QuantitySerializer(quantity).data,
                "figures": figures,
                "count": len(figures),
            }
        )


def _plain(value):
    """Dates as the downloads write them; Decimals stay exact (see rendering)."""
    return iso(value) if hasattr(value, "isoformat") else value
