"""Streaming CSV and JSON writers for plain rows, and the conventions of their cells: numbers
unformatted and exact, dates ISO 8601, CSV text that a spreadsheet would run as a formula
neutralised (`safe_cell`). Used by every export (figures, a quantity's time series).
"""

import csv
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice

from factcheck.claims.figures import plain_number

logger = logging.getLogger(__name__)

# Text joined into one streamed piece; big enough that per-chunk overhead vanishes.
STREAM_PIECE_ROWS = 500


# A spreadsheet reads a cell starting with one of these as a formula (or strips it first).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet may also split a cell where it holds a separator (Excel in a semicolon locale
# splits "x;=HYPERLINK(...)" into "x" and a formula), so a trigger after any separator counts,
# white space between them included.
FORMULA_AFTER_SEPARATOR = re.compile(r"[;,|\t\r\n]\s*[=+\-@]")


def needs_formula_guard(text: str) -> bool:
    """Whether `safe_cell` prefixes `text`: a formula trigger at its start or after a separator,
    or a leading "'" (so that the importer can always tell our prefix from the text's own)."""
    return bool(text) and (
        text.startswith((*FORMULA_TRIGGERS, "'")) or bool(FORMULA_AFTER_SEPARATOR.search(text))
    )


def safe_cell(text):
    """Neutralise spreadsheet formula injection in a text cell: '=1+1' -> "'=1+1", also
    'x;=HYPERLINK(...)' -> "'x;=HYPERLINK(...)". The importer's `unguard_cell` undoes it
    exactly: unguard_cell(safe_cell(text)) == text for any text.

    Only for text: numbers must be written as numbers, so never pass them through here.
    """
    if needs_formula_guard(text):
        return "'" + text
    return text


def unguard_cell(cell: str) -> str:
    """Undo `safe_cell` (for the importer)."""
    if cell.startswith("'") and needs_formula_guard(cell[1:]):
        return cell[1:]
    return cell


# What the end of a broken download says. It follows the last complete piece, on its own line;
# JSON is left unclosed, so no parser takes the file for a whole one, and the connection is
# then aborted, so an HTTP client sees the transfer fail (curl exits 18, browsers report a
# failed download) instead of a complete file.
STREAM_FAILED = (
    "\r\n#EXPORT FAILED: this file is incomplete because of a server error. "
    "Download it again; if it fails again, tell the desk's administrator.\r\n"
)


def abort_on_error(pieces: Iterable[str], what: str) -> Iterator[str]:
    """Pass `pieces` on; if producing one fails, log the error, send STREAM_FAILED and re-raise,
    so the server aborts the response. `what` names the export in the log."""
    try:
        yield from pieces
    except Exception:
        logger.exception("Export %s failed after its first byte was sent", what)
        yield STREAM_FAILED
        raise


def iso(value):
    """Dates as 2022-03-03, times as 2022-03-03T10:15:00+00:00 (UTC), None as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return value.isoformat()


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
