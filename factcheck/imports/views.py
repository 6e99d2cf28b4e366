"""The import page: upload a CSV in the export format; see what was imported or what to fix."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from factcheck.errors import NotPermitted
from factcheck.exports.writers import write_csv
from factcheck.imports.services import (
    EXPORT_COLUMNS,
    KNOWN_COLUMNS,
    ImportReport,
    Problem,
    import_claims,
)
from factcheck.permissions import IMPORT_CLAIMS, can_import

# The template's example row, by column: a claim from the demo article. Columns the importer
# learns later (KNOWN_COLUMNS) appear in the header with an empty cell until given one here.
TEMPLATE_EXAMPLE = {
    "statement": "More than 1 million refugees have fled Ukraine in a week, the UN says.",
    "claimant": "UNHCR",
    "claimant_kind": "un_agency",
    "value": "1000000",
    "qualifier": "more_than",
    "counted": "refugees",
    "place": "Ukraine",
    "as_of": "2022-03-02",
    "status": "unverified",
    "source_url": "https://example.org/un-refugee-count",
    "source_title": "UN refugee count tops 1 million",
    "source_date": "2022-03-03",
}


def template_columns():
    """The importer's known columns, each once, in its order."""
    return list(dict.fromkeys(KNOWN_COLUMNS))


@require_GET
def template(request):
    """A CSV to fill in: the header of every column the importer reads, and one example row."""
    if not can_import(request.user):
        raise NotPermitted("You do not have permission to import claims.")
    columns = template_columns()
    rows = [tuple(TEMPLATE_EXAMPLE.get(column, "") for column in columns)]
    response = HttpResponse(
        "".join(write_csv(rows, columns)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="claims-import-template.csv"'
    return response


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


class ImportView(PermissionRequiredMixin, FormView):
    permission_required = IMPORT_CLAIMS
    template_name = "imports/import_form.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=EXPORT_COLUMNS,
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
        else:
            report = import_claims(
                data=upload.read(), filename=upload.name, actor=self.request.user
            )
        context = self.get_context_data(
            form=self.form_class() if report.ok else form, report=report
        )
        # Importing again is harmless (duplicates are skipped), so the report is shown directly.
        return self.render_to_response(context, status=200 if report.ok else 400)
