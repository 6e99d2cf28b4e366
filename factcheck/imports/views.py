"""The import page: upload a CSV in the export format; see what was imported or what to fix."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import FormView

from factcheck.exports.writers import write_csv
from factcheck.imports import tasks
from factcheck.imports.services import (
    EXPORT_COLUMNS,
    KNOWN_COLUMNS,
    ImportReport,
    Problem,
    import_claims,
)
from factcheck.models import ImportJob
from factcheck.permissions import IMPORT_CLAIMS

# The template's example row: one claim as the importer reads it (figures by the rule of
# factcheck.claims.validation.parse_figure, ISO dates, a verdict made elsewhere).
TEMPLATE_EXAMPLE = {
    "statement": "More than 2% of Ukraine's population has fled the country.",
    "claimant": "UN refugee agency (UNHCR)",
    "claimant_kind": "un_agency",
    "value": "2",
    "unit": "%",
    "qualifier": "more_than",
    "counted": "share of the population that has fled",
    "place": "Ukraine",
    "as_of": "2022-03-02",
    "status": "confirmed",
    "methodology_notes": "UNHCR's border count against the 2021 population estimate.",
    "evidence_urls": "https://data.unhcr.org/en/situations/ukraine",
    "source_url": "https://apnews.com/article/russia-ukraine-un-refugees",
    "source_title": "UN refugee count tops 1 million",
    "source_date": "2022-03-03",
    "verified_by": "Partner desk editor",
    "verified_at": "2022-03-03T14:07:00+00:00",
    "published_url": "https://news.example.org/fact-checks/refugees",
}


def template_columns():
    """Every column the importer reads, each once, in its order: the template follows the
    importer when it learns a column."""
    return list(dict.fromkeys(KNOWN_COLUMNS))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="The format of the CSV export, UTF-8. Claims already in the desk are skipped.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", "Check and import"))


class ImportTemplateView(PermissionRequiredMixin, View):
    """The import template: the header and one example row, as CSV (UTF-8 with a byte-order
    mark, so that Excel opens it intact)."""

    permission_required = IMPORT_CLAIMS
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        columns = template_columns()
        row = [TEMPLATE_EXAMPLE.get(name, "") for name in columns]
        text = "\ufeff" + "".join(write_csv([row], columns))
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="claims-import-template.csv"'
        return response


class ImportView(PermissionRequiredMixin, FormView):
    permission_required = IMPORT_CLAIMS
    template_name = "imports/import_form.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=EXPORT_COLUMNS,
            second_editor_required=settings.FACTCHECK_SECOND_EDITOR_REQUIRED,
            max_megabytes=settings.FACTCHECK_IMPORT_MAX_BYTES / (1024 * 1024),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        limit = settings.FACTCHECK_IMPORT_MAX_BYTES
        if upload.size > limit:
            # Not read into memory: the service would refuse it anyway, with this message.
            report = ImportReport(filename=upload.name)
            report.problems.append(
                Problem(
                    f"The file is {upload.size / 2**20:.1f} MB; the limit is "
                    f"{limit / 2**20:.1f} MB. Split it into smaller files."
                )
            )
        elif upload.size > settings.FACTCHECK_IMPORT_BACKGROUND_BYTES:
            # Too long for a web request: a worker runs it; its page shows the progress.
            job = tasks.start_import(
                data=upload.read(), filename=upload.name, actor=self.request.user
            )
            return redirect("claim-import-job", pk=job.pk)
        else:
            report = import_claims(
                data=upload.read(), filename=upload.name, actor=self.request.user
            )
        context = self.get_context_data(
            form=self.form_class() if report.ok else form, report=report
        )
        # Importing again is harmless (duplicates are skipped), so the report is shown directly.
        return self.render_to_response(context, status=200 if report.ok else 400)


class ImportJobView(PermissionRequiredMixin, View):
    """A background import: its progress while it runs (the page reloads itself), then its
    report. Only the person who started it (or a superuser) sees it."""

    permission_required = IMPORT_CLAIMS

    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.defer("data"), pk=pk)
        if job.actor_id != request.user.pk and not request.user.is_superuser:
            raise Http404("No such import.")
        # A job whose worker died would say "running" for ever (an idempotent repair).
        job = tasks.fail_if_worker_died(job)
        # A job whose task was lost would wait for ever (enqueued again at most once a while).
        tasks.requeue_if_stuck(job)
        return render(
            request,
            "imports/import_job.html",
            {"job": job, "progress": tasks.progress(job), "report": tasks.report_of(job)},
        )
