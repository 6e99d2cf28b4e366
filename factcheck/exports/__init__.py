"""Exports of verified figures, one module per question:

- filters.py      which claims: the filter form and the query that applies it
- rows.py         which columns: typed rows straight from a server-side cursor
- writers.py      streaming CSV and JSON writers and their cell conventions (`safe_cell`,
                  numbers unformatted and exact, ISO dates); reused by the series export
- claimreview.py  the schema.org ClaimReview JSON-LD format
- formats.py      the four formats (CSV, JSON, HXL CSV, ClaimReview), their file names, and
                  `stream_export`
- views.py        the export page and the download URLs

Everything is a generator over a database cursor, so memory stays flat whatever the row count.
"""
