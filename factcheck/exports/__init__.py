"""Exports of verified figures, one module per question:

- filters.py      which claims: the filter form and the query that applies it
- rows.py         which columns: typed rows straight from a server-side cursor
- writers.py      streaming CSV and JSON writers and their cell conventions (`safe_cell`,
                  numbers unformatted and exact, ISO dates); reused by the series export
- claimreview.py  the schema.org ClaimReview JSON-LD format
- formats.py      the four formats, their file names, and `stream_export`

Everything is a generator over a database cursor, so memory stays flat whatever the row count.
The names the rest of the code uses are importable from `factcheck.exports` itself.
"""

from factcheck.exports.filters import DateBasis, ExportFilterForm, claims_for_export
from factcheck.exports.formats import (
    FORMATS,
    HXL_TAGS,
    JSON_FIELDS,
    Format,
    export_filename,
    stream_export,
)
from factcheck.exports.rows import (
    CHUNK_SIZE,
    COLUMNS,
    aggregated_evidence_urls,
    as_dicts,
    claim_url_expression,
    claim_url_pattern,
    export_rows,
)
from factcheck.exports.writers import (
    csv_cell,
    iso,
    json_object,
    json_plain,
    json_value,
    safe_cell,
    write_csv,
    write_json,
)

__all__ = [
    "CHUNK_SIZE",
    "COLUMNS",
    "FORMATS",
    "HXL_TAGS",
    "JSON_FIELDS",
    "DateBasis",
    "ExportFilterForm",
    "Format",
    "aggregated_evidence_urls",
    "as_dicts",
    "claim_url_expression",
    "claim_url_pattern",
    "claims_for_export",
    "csv_cell",
    "export_filename",
    "export_rows",
    "iso",
    "json_object",
    "json_plain",
    "json_value",
    "safe_cell",
    "stream_export",
    "write_csv",
    "write_json",
]
