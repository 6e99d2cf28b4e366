"""The import pages: upload a CSV in the export format; its check (nothing written: what to
fix, or what importing it would do, with each row's matches in the desk); one click to import
it; the report. Thin: `factcheck.imports.tasks` keeps the job, `import_claims` does the work."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from factcheck.exports.writers import write_csv
from factcheck.imports import tasks
from factcheck.imports.services import (
    EXPORT_COLUMNS,
    KNOWN_COLUMNS,
    ImportReport,
    Problem,
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
        help_text="The format of the CSV export, UTF-8. It is checked first: nothing is "
        "imported until you have seen the check and clicked Import.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("check", "Check the file"))


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
            match_max_rows=max(0, settings.FACTCHECK_IMPORT_MATCH_MAX_ROWS),
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
        else:
            # Checked now (a small file) or on a worker (a big one): its page shows the check.
            job, report = tasks.start_check(
                data=upload.read(), filename=upload.name, actor=self.request.user
            )
            if job is not None:
                return redirect("claim-import-job", pk=job.pk)
        # Problems: shown here, with the form, and nothing kept.
        context = self.get_context_data(form=form, report=report)
        return self.render_to_response(context, status=400)


# Rows with matches listed on the check's page; the CSV of the check lists them all.
MATCHES_SHOWN = 200


def _job_for(request, pk):
    """The job `pk`, for the person who started it (or a superuser) only; its file is not
    read."""
    job = get_object_or_404(ImportJob.objects.defer("data"), pk=pk)
    if job.actor_id != request.user.pk and not request.user.is_superuser:
        raise Http404("No such import.")
    return job


class ImportJobView(PermissionRequiredMixin, View):
    """An import: its check while it runs, then the check (what to fix, or what importing
    would do and each row's matches) with the one button that imports; the import's
    progress; its report. Pages of work in progress reload themselves. Only the person who
    started it (or a superuser) sees it. POST imports the checked file."""

    permission_required = IMPORT_CLAIMS

    def get(self, request, pk):
        job = _job_for(request, pk)
        # A job whose worker died would say "running" for ever (an idempotent repair).
        job = tasks.fail_if_worker_died(job)
        # A job whose task was lost would wait for ever (enqueued again at most once a while).
        tasks.requeue_if_stuck(job)
        check = tasks.check_of(job)
        importable = (
            job.state == ImportJob.State.CHECKED
            and check is not None
            and check.ok
            and ImportJob.objects.filter(pk=job.pk).exclude(data=b"").exists()
        )
        report = tasks.report_of(job)
        shown = (report or check).matches[:MATCHES_SHOWN] if (report or check) else []
        return render(
            request,
            "imports/import_job.html",
            {
                "job": job,
                "progress": tasks.progress(job),
                "check": check,
                "report": report,
                "importable": importable,
                "background": tasks.in_background(job.size),
                "shown_matches": shown,
                "matches_shown": MATCHES_SHOWN,
            },
        )

    def post(self, request, pk):
        job = _job_for(request, pk)
        skip = request.POST.get("skip_same_figure") == "on"
        tasks.import_it(job=job, actor=request.user, skip_same_figure=skip)
        return redirect("claim-import-job", pk=job.pk)


MATCH_COLUMNS = [
    "line",
    "statement",
    "best_match",
    "claim",
    "kind",
    "score",
    "claim_status",
    "claim_statement",
    "claim_url",
]


class ImportMatchesView(PermissionRequiredMixin, View):
    """The check's (or the import's) matches as CSV: a row per match, the file's line
    first, for a sheet beside the file."""

    permission_required = IMPORT_CLAIMS
    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        job = _job_for(request, pk)
        found = tasks.report_of(job) or tasks.check_of(job)
        if found is None:
            raise Http404("Not checked yet.")
        rows = [
            [
                item["line"],
                item["statement"],
                item["kind"],
                match["claim"],
                match["kind"],
                match["score"],
                match["status"],
                match["statement"],
                settings.FACTCHECK_BASE_URL + reverse("claim-detail", args=[match["claim"]]),
            ]
            for item in found.matches
            for match in item["matches"]
        ]
        text = "\ufeff" + "".join(write_csv(rows, MATCH_COLUMNS))
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-matches.csv"'
        return response
