"""Verified figures a page at a time: the JSON export's rows (factcheck.exports.rows) with the
JSON export's filters (factcheck.exports.filters), in claim id order."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.access import MayExport
from factcheck.api.pagination import keyset_page, next_link, page_size
from factcheck.api.serializers.figures import FigurePageSerializer
from factcheck.api.views.claims import PAGING_PARAMETERS, form_errors, unknown_parameters
from factcheck.exports.filters import ExportFilterForm, claims_for_export
from factcheck.exports.formats import JSON_FIELDS
from factcheck.exports.rows import ROW_FIELDS, export_rows
from factcheck.exports.writers import iso
from factcheck.models import Status

# The export's filters, less its sort: pages follow claim ids, so a cursor stays valid.
FIGURE_FILTERS = (
    *(name for name in ExportFilterForm.base_fields),
    *(name for name in ExportFilterForm.QUEUE_PARAMETERS if name != "sort"),
)
BY_ID = ("id",)
_positions = [ROW_FIELDS.index(name) for name in JSON_FIELDS]

PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, many=True, enum=Status.values),
    OpenApiParameter("claimant", OpenApiTypes.INT),
    OpenApiParameter("counted", OpenApiTypes.STR),
    OpenApiParameter("has_figure", OpenApiTypes.STR, enum=["true", "false", "any"]),
    OpenApiParameter("date_basis", OpenApiTypes.STR, enum=["as_of", "verified"]),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("assignee", OpenApiTypes.STR, description="user id or `none`"),
    OpenApiParameter("created_after", OpenApiTypes.DATE),
    OpenApiParameter("created_before", OpenApiTypes.DATE),
    OpenApiParameter("q", OpenApiTypes.STR),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="from a page's `next` link"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 200, default 50"),
]


class IdOnly:
    """A row's position in claim id order, for the cursor."""

    def __init__(self, pk):
        self.pk = self.id = pk


def figure(row):
    return {
        name: iso(row[at]) if hasattr(row[at], "isoformat") else row[at]
        for name, at in zip(JSON_FIELDS, _positions, strict=True)
    }


class FigureListView(APIView):
    permission_classes = [MayExport]

    @extend_schema(parameters=PARAMETERS, responses=FigurePageSerializer)
    def get(self, request):
        """Verified figures (confirmed claims with a figure, unless the filters say other),
        with the JSON export's fields, filters and defaults; `filters` echoes them."""
        query = request.query_params
        unknown_parameters(query, {*FIGURE_FILTERS, *PAGING_PARAMETERS})
        size = page_size(query)
        filters = query.copy()
        for name in PAGING_PARAMETERS:
            filters.pop(name, None)
        form = ExportFilterForm(filters, request=request)
        if not form.is_valid():
            raise form_errors(form)
        selected = claims_for_export(form.cleaned_data)
        ids, cursor = keyset_page(
            selected.values_list("id", flat=True).order_by("id"),
            sort="id",
            ordering=BY_ID,
            cursor=query.get("cursor"),
            size=size,
            row=IdOnly,
        )
        rows = export_rows(selected.filter(id__in=ids).order_by("id"))
        return Response(
            {
                "filters": form.description(),
                "figures": [figure(row) for row in rows],
                "next": next_link(request, cursor),
            }
        )
