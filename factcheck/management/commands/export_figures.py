"""`python manage.py export_figures --format csv [filters] > file`: the same export as the
download URLs, with the same filters and the same validation."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from factcheck.exports.filters import ExportFilterForm
from factcheck.exports.formats import FORMATS, stream_export

FILTER_OPTIONS = (
    "claimant",
    "counted",
    "date_basis",
    "date_from",
    "date_to",
    "has_figure",
    "duplicates",
)


def filters_query(options):
    """Command-line options as the query string a download URL would get."""
    query = QueryDict(mutable=True)
    for status in options["status"] or ():
        query.appendlist("status", status)
    for name in FILTER_OPTIONS:
        if options[name] is not None:
            query[name] = options[name]
    if options.get("for_excel"):
        query["for_excel"] = "true"
    return query


def run_export(format_key, query, output):
    """Validate `query`, then write the export to the binary stream `output`. Returns the
    form's cleaned filters; raises CommandError with every problem if they are invalid."""
    form = ExportFilterForm(query)
    if not form.is_valid():
        raise CommandError("The export was not started:\n" + form.error_text())
    for piece in stream_export(format_key, form):
        output.write(piece.encode("utf-8"))
    return form.cleaned_data


class Command(BaseCommand):
    help = (
        "Write verified figures (confirmed claims with a figure, unless filtered otherwise) "
        "to standard output or --output, as CSV, JSON, HXL CSV or ClaimReview JSON-LD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--status",
            action="append",
            help="A status to include (repeat for several); default: confirmed.",
        )
        parser.add_argument("--claimant", help="Claimant id.")
        parser.add_argument("--counted", help="What is counted (whole text, any case).")
        parser.add_argument("--date-basis", dest="date_basis", choices=["as_of", "verified"])
        parser.add_argument("--date-from", dest="date_from", help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--date-to", dest="date_to", help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--has-figure", dest="has_figure", help="true (default), false or any.")
        parser.add_argument(
            "--for-excel",
            dest="for_excel",
            action="store_true",
            help="CSV and HXL CSV: start with a UTF-8 byte-order mark, so that Excel opens the "
            "file with every script intact.",
        )
        parser.add_argument(
            "--duplicates",
            choices=["exclude", "include"],
            help="Claims marked as duplicates: exclude (default) or include.",
        )

    def handle(self, *args, **options):
        query = filters_query(options)
        if options["output"]:
            # Validate before creating the file, so a bad filter leaves nothing behind.
            form = ExportFilterForm(query)
            if not form.is_valid():
                raise CommandError("The export was not started:\n" + form.error_text())
            with open(options["output"], "wb") as output:
                run_export(options["format"], query, output)
        else:
            run_export(options["format"], query, sys.stdout.buffer)
            sys.stdout.buffer.flush()
