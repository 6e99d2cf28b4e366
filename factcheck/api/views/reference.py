"""The OpenAPI document, the browsable reference, and a problem document for any address
under /api/ that is not an endpoint."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.views import APIView

from factcheck.api.problem_codes import PROBLEM_CODES
from factcheck.api.rendering import ExactJSONRenderer


class SchemaView(SpectacularAPIView):
    """GET /api/v1/schema/: OpenAPI 3 (YAML by default, JSON with ?format=json or
    Accept: application/vnd.oai.openapi+json). Signed-in users and tokens only."""

    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's files (no CDN); its start-up script is a
    file of its own (`?script`), as the Content-Security-Policy allows no inline script."""

    permission_classes = [IsAuthenticated]
    template_name = "api/docs.html"
    renderer_classes = [TemplateHTMLRenderer, JSONRenderer]
    url_name = "api-schema"

    @extend_schema(exclude=True)  # the page itself is no endpoint of the API
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            # The page lists the problem codes each error's `type` links to.
            response.data["problem_codes"] = PROBLEM_CODES
        return response

    def handle_exception(self, exc):
        # Refusals are problem documents here too, not the HTML page template.
        response = super().handle_exception(exc)
        self.request.accepted_renderer = ExactJSONRenderer()
        self.request.accepted_media_type = ExactJSONRenderer.media_type
        return response


class NotAnEndpoint(APIView):
    """Any other address under /api/: 404 as a problem document, not an HTML page."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise NotFound("There is no such API endpoint; see /api/v1/docs/.")

    post = put = patch = delete = get
