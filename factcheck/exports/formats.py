"""The four formats of the figures export (CSV, JSON, HXL CSV, ClaimReview JSON-LD): their
file names and content types, and `stream_export`, which puts filters, rows and writer
together.
"""

from dataclasses import dataclass
from operator import itemgetter

from django.utils import timezone

from factcheck.exports.claimreview import claimreview_jsonld
from factcheck.exports.filters import claims_for_export
from factcheck.exports.rows import CHUNK_SIZE, COLUMNS, ROW_FIELDS, export_rows
from factcheck.exports.writers import date_cell, iso, number_cell, text_cell, write_csv, write_json
from factcheck.models import FINAL_STATUSES, Status

# HXL 1.1 hashtags (https://hxlstandard.org/standard/1-1final/dictionary/) for each column;
# attributes after the first `+` that the dictionary does not define are ours.
HXL_TAGS = {
    "claim_id": "#meta+id",
    "statement": "#description+claim",
    "claimant": "#org+name",
    "claimant_kind": "#org+type",
    "value": "#indicator+num",
    "value_high": "#indicator+num+high",
    "unit": "#indicator+unit",
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
    "published_url": "#meta+url+published",
}


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


JSON_FIELDS = COLUMNS
_json_values = itemgetter(*(ROW_FIELDS.index(name) for name in JSON_FIELDS))


def figures_json(rows, filters_description):
    head = {"exported_at": iso(timezone.now()), "filters": filters_description}
    return write_json(map(_json_values, rows), JSON_FIELDS, head, "figures")


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


# Excel decides a CSV file's encoding by its first bytes: U+FEFF, as UTF-8, says "UTF-8".
BYTE_ORDER_MARK = "\ufeff"


def for_excel(pieces):
    yield BYTE_ORDER_MARK
    yield from pieces


def claimreview_claims(queryset):
    """The claims a ClaimReview export holds: those with a verdict and a published fact
    check, since Google's fact-check guidelines ask for the public page of the review as
    `url` (https://developers.google.com/search/docs/appearance/structured-data/factcheck)."""
    return queryset.filter(status__in=FINAL_STATUSES).exclude(published_url="")


def stream_export(format_key, form, chunk_size=CHUNK_SIZE):
    """The text pieces of one export for a *valid* ExportFilterForm. With `for_excel`, the
    CSV formats start with a byte-order mark (JSON must not: RFC 8259, 8.1)."""
    filters = form.cleaned_data
    queryset = claims_for_export(filters)
    if format_key == "claimreview":
        queryset = claimreview_claims(queryset)
    rows = export_rows(queryset, chunk_size=chunk_size)
    if format_key in ("csv", "hxl"):
        pieces = figures_csv(rows) if format_key == "csv" else figures_hxl(rows)
        return for_excel(pieces) if filters.get("for_excel") else pieces
    if format_key == "json":
        return figures_json(rows, form.description())
    if format_key == "claimreview":
        return claimreview_jsonld(rows)
    raise ValueError(f"Unknown export format {format_key!r}")
