"""Exports of verified figures: which claims (filters), which columns (rows), which formats
(streaming writers), and the cell sanitiser that keeps spreadsheets from running formulas.

Everything here is a generator over a database cursor, so memory stays flat whatever the
row count. The CSV and JSON writers and `safe_cell` take plain rows and are meant for reuse
by other exports (e.g. a quantity time series).
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import islice

from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone

from factcheck.figures import plain_number
from factcheck.models import FINAL_STATUSES, Claim, Claimant, Evidence, Status, StatusChange

CHUNK_SIZE = 2000
# Text joined into one streamed piece; big enough that per-chunk overhead vanishes.
STREAM_PIECE_ROWS = 500

COLUMNS = (
    "claim_id",
    "statement",
    "claimant",
    "claimant_kind",
    "value",
    "value_high",
    "qualifier",
    "counted",
    "place",
    "as_of",
    "status",
    "methodology_notes",
    "evidence_urls",
    "source_url",
    "source_title",
    "source_date",
    "verified_by",
    "verified_at",
    "claim_url",
)

# HXL 1.1 hashtags (https://hxlstandard.org/standard/1-1final/dictionary/) for each column;
# attributes after the first `+` that the dictionary does not define are ours.
HXL_TAGS = {
    "claim_id": "#meta+id",
    "statement": "#description+claim",
    "claimant": "#org+name",
    "claimant_kind": "#org+type",
    "value": "#indicator+num",
    "value_high": "#indicator+num+high",
    "qualifier": "#indicator+qualifier",
    "counted": "#indicator+name",
    "place": "#loc+name",
    "as_of": "#date+reported",
    "status": "#status+verification",
    "methodology_notes": "#description+method",
    "evidence_urls": "#meta+evidence+url",
    "source_url": "#meta+source+url",
    "source_title": "#meta+source+name",
    "source_date": "#date+source",
    "verified_by": "#contact+name+verifier",
    "verified_at": "#date+verified",
    "claim_url": "#meta+url",
}

# ClaimReview ratings: where the verdict sits between refuted (worst) and confirmed (best).
# Disputed and unverifiable are neither; `alternateName` carries the verdict in words.
RATING_WORST, RATING_BEST = 1, 3
RATING_VALUES = {
    Status.REFUTED: 1,
    Status.DISPUTED: 2,
    Status.UNVERIFIABLE: 2,
    Status.CONFIRMED: 3,
}

# A spreadsheet reads a cell starting with one of these as a formula (or strips it first).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text):
    """Neutralise spreadsheet formula injection in a text cell: '=1+1' -> "'=1+1".

    Only for text: numbers must be written as numbers, so never pass them through here.
    """
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


# --- Filters ---------------------------------------------------------------------------------


class DateBasis:
    AS_OF = "as_of"
    VERIFIED = "verified"
    CHOICES = [(AS_OF, "The figure's as-of date"), (VERIFIED, "The date it was verified")]


HAS_FIGURE_CHOICES = [
    ("true", "Only claims with a figure"),
    ("any", "All claims, with or without a figure"),
    ("false", "Only claims without a figure"),
]
TRUE_WORDS, FALSE_WORDS = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


class ExportFilterForm(forms.Form):
    """The export's filters, validated in full before a single byte is sent."""

    status = forms.MultipleChoiceField(
        label="Statuses",
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="Confirmed only unless you tick others; the status is a column.",
    )
    claimant = forms.ModelChoiceField(
        queryset=Claimant.objects.all(),
        required=False,
        empty_label="Any claimant",
        error_messages={"invalid_choice": "There is no claimant with that id."},
    )
    counted = forms.CharField(
        label="What is counted",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "counted-values"}),
        help_text='E.g. "refugees": any claim whose "what is counted" contains it, in any case.',
    )
    date_basis = forms.ChoiceField(
        label="Dates are", choices=DateBasis.CHOICES, required=False, initial=DateBasis.AS_OF
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, e.g. 2022-03-01."},
    )
    date_to = forms.DateField(
        label="To (inclusive)",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, e.g. 2022-03-31."},
    )
    has_figure = forms.CharField(
        label="Figures",
        required=False,
        widget=forms.Select(choices=HAS_FIGURE_CHOICES),
    )

    # Parameters the form itself does not filter on but that may ride along in a URL.
    PASSIVE_PARAMETERS = frozenset({"format", "action", "page"})
    # The queue's other filters (factcheck.filters.ClaimFilter), so that "Export these" from
    # the queue exports exactly what the editor filtered. The queue validates and applies them.
    QUEUE_PARAMETERS = ("assignee", "created_after", "created_before", "q", "sort")

    def __init__(self, data=None, request=None, **kwargs):
        self.request = request
        self.problems = []
        if data is not None:
            self.problems = self._parameter_problems(data)
        super().__init__(data, **kwargs)

    def _parameter_problems(self, data):
        known = set(self.base_fields) | self.PASSIVE_PARAMETERS | set(self.QUEUE_PARAMETERS)
        listed = ", ".join(sorted([*self.base_fields, *self.QUEUE_PARAMETERS]))
        problems = []
        for name in data:
            if name not in known:
                problems.append(f"Unknown filter “{name}”. Known filters: {listed}.")
            elif name != "status" and hasattr(data, "getlist") and len(data.getlist(name)) > 1:
                problems.append(f"“{name}” was given more than once; give it once.")
        return problems

    def is_valid(self):
        valid = super().is_valid()
        for problem in self.problems:
            self.add_error(None, problem)
        return valid and not self.problems

    def clean_status(self):
        return self.cleaned_data["status"] or [Status.CONFIRMED]

    def clean_date_basis(self):
        return self.cleaned_data["date_basis"] or DateBasis.AS_OF

    def clean_counted(self):
        return " ".join(self.cleaned_data["counted"].split())

    def clean_has_figure(self):
        word = self.cleaned_data["has_figure"].strip().lower()
        if word in ("",) or word in TRUE_WORDS:
            return True
        if word == "any":
            return None
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError("has_figure must be true, false or any.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        cleaned["queue_filter"] = self._queue_filter(cleaned)
        return cleaned

    def _queue_filter(self, cleaned):
        """The queue's ClaimFilter for the queue-only parameters given, or None."""
        given = {name: self.data.get(name) for name in self.QUEUE_PARAMETERS}
        given = {name: value for name, value in given.items() if value}
        if not given:
            return None
        if given.get("assignee") == "me" and self.request is None:
            self.add_error(None, "assignee=me needs a signed-in user; give a user id instead.")
            return None
        from django.http import QueryDict

        from factcheck.filters import ClaimFilter

        data = QueryDict(mutable=True)
        # Our statuses go along so the queue does not fall back to its own default (open).
        data.setlist("status", cleaned.get("status") or [Status.CONFIRMED])
        data.update(given)
        queue_filter = ClaimFilter(data, queryset=Claim.objects.all(), request=self.request)
        if not queue_filter.is_valid():
            for field, errors in queue_filter.errors.items():
                for error in errors:
                    self.add_error(None, f"{field}: {error}" if field != "__all__" else error)
            return None
        return queue_filter

    def error_text(self):
        """All problems as one paragraph a person can act on."""
        lines = []
        for field, errors in self.errors.items():
            prefix = "" if field == "__all__" else f"{field}: "
            lines.extend(prefix + str(error) for error in errors)
        return "\n".join(lines)

    def description(self):
        """The applied filters, as plain data (for the JSON export's `filters`)."""
        data = self.cleaned_data
        described = {"status": list(data["status"]), "date_basis": data["date_basis"]}
        if data["has_figure"] is not None:
            described["has_figure"] = data["has_figure"]
        if data.get("claimant"):
            described["claimant"] = {"id": data["claimant"].pk, "name": data["claimant"].name}
        for name in ("counted", "date_from", "date_to"):
            if data.get(name):
                value = data[name]
                described[name] = value.isoformat() if isinstance(value, date) else value
        for name in self.QUEUE_PARAMETERS:
            if self.data.get(name):
                described[name] = self.data.get(name)
        return described


def export_filename(export_format, statuses, today=None):
    """What the file holds and when: 'verified-figures-2022-03-03.csv' for confirmed claims,
    'figures-confirmed-disputed-2022-03-03.csv' when other statuses are included."""
    today = today or timezone.localdate()
    statuses = sorted(statuses, key=Status.values.index)
    if export_format.says_verified and statuses == [Status.CONFIRMED]:
        what = f"verified-{export_format.stem}"
    else:
        what = "-".join([export_format.stem, *statuses])
    return f"{what}-{today.isoformat()}{export_format.extension}"


# --- Queries ---------------------------------------------------------------------------------


def _latest_verdict_change():
    """The audit row that gave the claim its current verdict."""
    return StatusChange.objects.filter(claim=OuterRef("pk"), to_status=OuterRef("status")).order_by(
        "-changed_at", "-id"
    )


def _only_for_verdicts(subquery):
    return Case(When(status__in=FINAL_STATUSES, then=subquery), default=None)


def claims_for_export(filters):
    """The claims `filters` (a cleaned ExportFilterForm's data) selects, with verified_by
    and verified_at annotated from the audit trail in the same query (no N+1)."""
    verdict = _latest_verdict_change()
    queryset = Claim.objects.annotate(
        verified_by=_only_for_verdicts(Subquery(verdict.values("actor__username")[:1])),
        verified_at=_only_for_verdicts(Subquery(verdict.values("changed_at")[:1])),
    ).filter(status__in=filters["status"])
    if filters.get("has_figure") is not None:
        queryset = queryset.filter(value__isnull=not filters["has_figure"])
    if filters.get("claimant"):
        queryset = queryset.filter(claimant=filters["claimant"])
    if filters.get("counted"):
        queryset = queryset.filter(counted__icontains=filters["counted"])
    queryset = queryset.filter(_date_condition(filters))
    queue_filter = filters.get("queue_filter")
    if queue_filter is not None:
        # The queue's own filters and, if asked for, its sort order.
        queryset = queue_filter.filter_queryset(queryset)
        if queue_filter.form.cleaned_data.get("sort"):
            return queryset
    return queryset.order_by("id")


def _date_condition(filters):
    start, end = filters.get("date_from"), filters.get("date_to")
    if filters.get("date_basis") == DateBasis.VERIFIED:
        # Whole days in the site's time zone: the end date is included.
        condition = Q()
        if start:
            condition &= Q(verified_at__gte=_start_of(start))
        if end:
            condition &= Q(verified_at__lt=_start_of(end + timedelta(days=1)))
        return condition
    condition = Q()
    if start:
        condition &= Q(as_of__gte=start)
    if end:
        condition &= Q(as_of__lte=end)
    return condition


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# --- Rows ------------------------------------------------------------------------------------

# A row is a tuple: the COLUMNS, then what only some formats need.
ROW_FIELDS = (*COLUMNS, "unit", "claimant_url")
# Where each comes from in the query, when its name there differs.
SOURCES = {
    "claim_id": "id",
    "claimant": "claimant__name",
    "claimant_kind": "claimant__kind",
    "claimant_url": "claimant__url",
}
EVIDENCE_AT = ROW_FIELDS.index("evidence_urls")


def claim_url_pattern():
    """An absolute claim URL with '{}' for the id."""
    marker = 987654321
    path = reverse("claim-detail", args=[marker]).replace(str(marker), "{}")
    return settings.FACTCHECK_BASE_URL + path


def claim_url_expression():
    """The absolute claim URL, built by the database."""
    prefix, suffix = claim_url_pattern().split("{}")
    return Concat(Value(prefix), Cast("id", CharField()), Value(suffix), output_field=CharField())


def export_rows(queryset, chunk_size=CHUNK_SIZE):
    """Yield one tuple per claim in ROW_FIELDS order, typed (int, Decimal, date, datetime,
    str or None), straight from a server-side cursor. On PostgreSQL the evidence URLs are
    aggregated in the same query; elsewhere they come in one query per chunk. Either way
    memory is bounded by the chunk size."""
    queryset = queryset.annotate(claim_url=claim_url_expression())
    if connection.vendor == "postgresql":
        queryset = queryset.annotate(
            evidence_urls=Coalesce(aggregated_evidence_urls(), Value(""), output_field=TextField())
        )
        fields = [SOURCES.get(name, name) for name in ROW_FIELDS]
        yield from queryset.values_list(*fields).iterator(chunk_size=chunk_size)
        return
    fields = [SOURCES.get(name, name) for name in ROW_FIELDS if name != "evidence_urls"]
    records = queryset.values_list(*fields).iterator(chunk_size=chunk_size)
    while chunk := list(islice(records, chunk_size)):
        evidence = _evidence_urls([record[0] for record in chunk])
        for record in chunk:
            urls = " ".join(evidence.get(record[0], ()))
            yield (*record[:EVIDENCE_AT], urls, *record[EVIDENCE_AT:])


def as_dicts(rows, fields=ROW_FIELDS):
    for row in rows:
        yield dict(zip(fields, row, strict=True))


def aggregated_evidence_urls():
    from django.contrib.postgres.aggregates import StringAgg

    urls = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(urls=StringAgg("url", " ", order_by=("added_at", "id")))
        .values("urls")
    )
    return Subquery(urls)


def _evidence_urls(claim_ids):
    urls = defaultdict(list)
    rows = (
        Evidence.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "added_at", "id")
        .values_list("claim_id", "url")
    )
    for claim_id, url in rows:
        urls[claim_id].append(url)
    return urls


def iso(value):
    """Dates as 2022-03-03, times as 2022-03-03T10:15:00+00:00 (UTC), None as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return value.isoformat()


# --- Writers: each yields str pieces ---------------------------------------------------------


def csv_cell(value):
    """One cell as CSV text: numbers unformatted, booleans true/false, dates ISO 8601, text
    made safe. Use it for cells of unknown type; `write_csv` takes faster per-column
    converters too."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, date):
        return iso(value)
    return safe_cell(value)


def text_cell(value):
    return safe_cell(value) if value else ""


def number_cell(value):
    return "" if value is None else plain_number(value)


def date_cell(value):
    return "" if value is None else iso(value)


def write_csv(rows: Iterable[tuple], columns, extra_header_rows=(), converters=None):
    """Stream rows (sequences whose first values line up with `columns`; extra trailing
    values are ignored) as RFC 4180 CSV (UTF-8 text, CRLF) with a header of `columns`, then
    any `extra_header_rows` (e.g. HXL hashtags). `converters` maps a column to the function
    that makes its cell (default: csv_cell). Reusable for any export of plain rows."""
    converters = converters or {}
    makers = [converters.get(column, csv_cell) for column in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def drain():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(columns)
    writer.writerows(extra_header_rows)
    yield drain()
    rows = iter(rows)
    while piece := list(islice(rows, STREAM_PIECE_ROWS)):
        writer.writerows([make(v) for make, v in zip(makers, row, strict=False)] for row in piece)
        yield drain()


FIGURE_CELLS = {
    **{column: text_cell for column in COLUMNS},
    "claim_id": int,
    "value": number_cell,
    "value_high": number_cell,
    "as_of": date_cell,
    "source_date": date_cell,
    "verified_at": date_cell,
}


def figures_csv(rows):
    return write_csv(rows, COLUMNS, converters=FIGURE_CELLS)


def figures_hxl(rows):
    hashtags = [HXL_TAGS[c] for c in COLUMNS]
    return write_csv(rows, COLUMNS, extra_header_rows=[hashtags], converters=FIGURE_CELLS)


# A float holds any decimal of up to 15 significant digits exactly (and repr gives it back).
FLOAT_SAFE_DIGITS = 15


class _TooPreciseForFloat(Exception):
    pass


def json_plain(value):
    """A value ready for json.dumps: Decimal as int or float (only where exact), dates ISO."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        if len(value.normalize().as_tuple().digits) > FLOAT_SAFE_DIGITS:
            raise _TooPreciseForFloat
        return float(value)
    if isinstance(value, date):
        return iso(value)
    return value


def json_value(value):
    """One value as JSON text; decimals exactly as stored."""
    if isinstance(value, Decimal):
        return plain_number(value)
    return json.dumps(json_plain(value), ensure_ascii=False)


def json_object(row, columns):
    """One row (a sequence lined up with `columns`) as a JSON object, numbers as numbers and
    exact to the last stored digit."""
    pairs = list(zip(columns, row, strict=False))  # extra trailing values ignored
    try:
        return json.dumps({c: json_plain(v) for c, v in pairs}, ensure_ascii=False)
    except _TooPreciseForFloat:
        return "{" + ", ".join(f"{json.dumps(c)}: {json_value(v)}" for c, v in pairs) + "}"


def write_json(rows: Iterable[tuple], columns, head: dict, list_key: str) -> Iterator[str]:
    """Stream `{**head, list_key: [rows...], "count": n}`, each row a sequence lined up with
    `columns`. The count comes last because it is counted while streaming, so it always
    equals the rows actually sent."""
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield f"{opening}{', ' if head else ''}{json.dumps(list_key)}: ["
    count = 0
    rows = iter(rows)
    while piece := list(islice(rows, STREAM_PIECE_ROWS)):
        separator = ",\n" if count else "\n"
        yield separator + ",\n".join(json_object(row, columns) for row in piece)
        count += len(piece)
    yield f'\n], "count": {count}}}\n'


def figures_json(rows, filters_description):
    head = {"exported_at": iso(timezone.now()), "filters": filters_description}
    return write_json(rows, COLUMNS, head, "figures")


# --- ClaimReview (schema.org JSON-LD) --------------------------------------------------------


def organisation():
    return {
        "@type": "Organization",
        "name": settings.FACTCHECK_ORGANISATION_NAME,
        "url": settings.FACTCHECK_ORGANISATION_URL,
    }


def claim_review(row, publisher):
    """One schema.org ClaimReview for a claim with a verdict."""
    claimant = {
        "@type": "Person" if row["claimant_kind"] == "person" else "Organization",
        "name": row["claimant"],
    }
    if row["claimant_url"]:
        claimant["url"] = row["claimant_url"]
    item = {"@type": "Claim", "author": claimant}
    if row["source_url"]:
        appearance = {"@type": "CreativeWork", "url": row["source_url"]}
        if row["source_title"]:
            appearance["headline"] = row["source_title"]
        if row["source_date"]:
            appearance["datePublished"] = iso(row["source_date"])
        item["appearance"] = appearance
    if row["source_date"]:
        item["datePublished"] = iso(row["source_date"])
    status = Status(row["status"])
    review = {
        "@type": "ClaimReview",
        "url": row["claim_url"],
        "claimReviewed": row["statement"],
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[status],
            "bestRating": RATING_BEST,
            "worstRating": RATING_WORST,
            "alternateName": status.label,
        },
        "author": publisher,
    }
    if row["methodology_notes"]:
        review["reviewBody"] = row["methodology_notes"]
    if row["verified_at"]:
        review["datePublished"] = iso(row["verified_at"])
    return review


def claimreview_jsonld(rows):
    """Stream `{"@context": "https://schema.org", "@graph": [ClaimReview, ...]}`. Claims
    without a verdict have nothing to review and are left out."""
    publisher = organisation()
    yield '{"@context": "https://schema.org", "@graph": ['
    first = True
    rows = as_dicts(rows)
    while piece := list(islice(rows, STREAM_PIECE_ROWS)):
        reviews = [
            json.dumps(claim_review(row, publisher), ensure_ascii=False)
            for row in piece
            if row["status"] in FINAL_STATUSES
        ]
        if reviews:
            yield ("\n" if first else ",\n") + ",\n".join(reviews)
            first = False
    yield "\n]}\n"


# --- Formats ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    stem: str
    extension: str
    content_type: str
    # Figures exports of confirmed claims only are named "verified-figures-..."
    says_verified: bool = True

    def filename(self, statuses, today=None):
        return export_filename(self, statuses, today)


FORMATS = {
    "csv": Format("csv", "CSV", "figures", ".csv", "text/csv; charset=utf-8"),
    "json": Format("json", "JSON", "figures", ".json", "application/json"),
    "hxl": Format("hxl", "HXL CSV", "figures-hxl", ".csv", "text/csv; charset=utf-8"),
    "claimreview": Format(
        "claimreview",
        "ClaimReview JSON-LD",
        "claimreview",
        ".jsonld",
        "application/ld+json",
        says_verified=False,
    ),
}


def stream_export(format_key, form, chunk_size=CHUNK_SIZE):
    """The text pieces of one export for a *valid* ExportFilterForm."""
    filters = form.cleaned_data
    queryset = claims_for_export(filters)
    if format_key == "claimreview":
        queryset = queryset.filter(status__in=FINAL_STATUSES)
    rows = export_rows(queryset, chunk_size=chunk_size)
    if format_key == "csv":
        return figures_csv(rows)
    if format_key == "hxl":
        return figures_hxl(rows)
    if format_key == "json":
        return figures_json(rows, form.description())
    if format_key == "claimreview":
        return claimreview_jsonld(rows)
    raise ValueError(f"Unknown export format {format_key!r}")
