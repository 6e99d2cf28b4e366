"""The export page and the download URLs. Thin: the exports package builds the rows and
writes the formats; these views validate the filters first, so a bad filter is a 400 with a
message and never a truncated file."""

from itertools import chain, islice

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from factcheck.exports.filters import ExportFilterForm, claims_for_export
from factcheck.exports.formats import FORMATS, stream_export
from factcheck.exports.writers import abort_on_error
from factcheck.models import FINAL_STATUSES, Claim
from factcheck.permissions import EXPORT_CLAIMS


class ExportPermissionMixin(PermissionRequiredMixin):
    permission_required = EXPORT_CLAIMS


def filters_querystring(query):
    """The filter parameters of `query` that say something, for download links."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if name not in ("format", "action"):
            kept.setlist(name, [value for value in values if value])
    return kept.urlencode()


class ExportPageForm(ExportFilterForm):
    format = forms.ChoiceField(
        choices=[(f.key, f.label) for f in FORMATS.values()],
        initial="csv",
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    field_order = ["format", "status", "claimant", "counted", "date_basis", "date_from"]

    def clean_format(self):
        return self.cleaned_data["format"] or "csv"


# What the page shows before the user has chosen anything: the export's defaults.
PAGE_DEFAULTS = QueryDict("format=csv&status=confirmed&date_basis=as_of")


class ExportPageView(ExportPermissionMixin, TemplateView):
    """Choose format and filters, see how many rows that gives, then download."""

    template_name = "exports/export_page.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy() if request.GET else PAGE_DEFAULTS.copy()
        data.setdefault("format", "csv")  # e.g. arriving from the queue's "Export these"
        form = ExportPageForm(data, request=request)
        valid = form.is_valid()
        context = self.get_context_data(
            form=form,
            formats=FORMATS.values(),
            counted_values=known_counted_values(),
            queue_params=[
                (name, value)
                for name in ExportFilterForm.QUEUE_PARAMETERS
                if (value := request.GET.get(name))
            ],
        )
        if valid:
            query = filters_querystring(form.data)
            if request.GET.get("action") == "download":
                url = reverse(f"export-{form.cleaned_data['format']}")
                return HttpResponseRedirect(f"{url}?{query}")
            claims = claims_for_export(form.cleaned_data)
            context["row_count"] = claims.count()
            context["without_published_url"] = (
                claims.filter(status__in=FINAL_STATUSES, published_url="").count()
                if context["row_count"]
                else 0
            )
            context["querystring"] = query
        return self.render_to_response(context, status=200 if valid else 400)


def known_counted_values():
    return (
        Claim.objects.exclude(counted="")
        .order_by("counted")
        .values_list("counted", flat=True)
        .distinct()[:500]
    )


class ExportDownloadView(ExportPermissionMixin, View):
    """One format at its own URL; every filter is checked before the first byte."""

    format_key = None

    def get(self, request, *args, **kwargs):
        form = ExportFilterForm(request.GET, request=request)
        if not form.is_valid():
            return HttpResponse(
                "The export was not started because of these problems:\n"
                + form.error_text()
                + "\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        export_format = FORMATS[self.format_key]
        pieces = stream_export(self.format_key, form)
        # Start before the first byte: the query and its first rows fail here, as a whole
        # error page, rather than after a 200 has been sent.
        started = list(islice(pieces, 2))
        pieces = abort_on_error(chain(started, pieces), what=self.format_key)
        response = StreamingHttpResponse(pieces, content_type=export_format.content_type)
        filename = export_format.filename(form.cleaned_data["status"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
