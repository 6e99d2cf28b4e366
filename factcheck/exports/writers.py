"""Streaming CSV and JSON writers for plain rows, and the conventions of their cells: numbers
unformatted and exact, dates ISO 8601, CSV text that a spreadsheet would run as a formula
neutralised, after any separator it may split the text on too (`safe_cell`). Used by every
export (figures, a quantity's time series, the import template).
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


# --- The formula guard ---------------------------------------------------------------------
#
# OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection; CWE-1236):
# a spreadsheet runs a cell that begins with = + - or @ as a formula, so no cell may begin with
# one unguarded; and checking a cell's first character is not enough, because a separator in
# the text can start a new cell with the trigger at its beginning (Excel in a semicolon locale
# splits "x;=HYPERLINK(...)" and runs the second half). A spreadsheet's import may split on any
# of the separators its dialog offers or a user picks: comma, semicolon, tab, pipe, space,
# line breaks, the full-width comma and semicolon; and it may trim white space around a
# piece. So every piece a cell may be split into is guarded, each with a ' right before its
# trigger. Tab and carriage return, which OWASP lists too, are separators here (a trigger after
# them is guarded where it stands) and, at a cell's start, get a ' of their own.
FORMULA_TRIGGERS = "=+-@＝＋－＠"  # with the full-width forms, which an IME may type
# Comma, semicolon, pipe, the full-width comma and semicolon, white space of every kind.
_SEPARATOR_CHARACTERS = frozenset(",;|，；")
_TRIGGER = re.compile(r"[=+\-@＝＋－＠]")
# What a piece after a separator may be and stay unguarded: text no spreadsheet runs as more
# than a number, a name or arithmetic on its own sheet. The trigger alone ("a - b"); a signed
# number with an optional % or unit ("-5%", "+3 points" split on spaces); @ and a name
# ("@username"); a sign, white space and text without the characters a formula needs to reach
# outside the sheet: a function's parenthesis, a DDE link's | and !, a workbook's [ ] or a
# LibreOffice file reference's # ("- a list item").
_HARMLESS_PIECE = re.compile(
    r"[=+\-@＝＋－＠]"
    r"|[+\-＋－]\d[\d.,]*%?[^\W\d_]*"
    r"|[@＠](?!\d)\w[\w.]*"
    r"|[+\-＋－]\s[^()\[\]!|#（）［］！｜＃]*"
)


# OWASP lists tab and carriage return as triggers too: a cell starting with one (after any '
# of the text's own) gets a ' at its very start as well.
_LEADING_CONTROL = re.compile(r"'*[\t\r]")
_GUARDED_LEADING_CONTROL = re.compile(r"'+[\t\r]")


def _is_separator(character: str) -> bool:
    return character in _SEPARATOR_CHARACTERS or character.isspace()


def _piece_starts(text: str):
    """(where its quotes start, where its trigger is, the separators before it, whether it is
    at the cell's start) for each trigger in `text` that begins a piece, after any ' the text
    has there. Found from the triggers backwards, since most text has few of them (a regular
    expression trying every position made text cells four times slower to write)."""
    head = len(text) - len(text.lstrip("'"))  # the text's own leading quotes
    for found in _TRIGGER.finditer(text):
        trigger = quotes = found.start()
        while quotes and text[quotes - 1] == "'":
            quotes -= 1
        if quotes and not _is_separator(text[quotes - 1]):
            continue
        run = quotes
        while run and _is_separator(text[run - 1]):
            run -= 1
        yield quotes, trigger, text[run:quotes], run <= head


def _guarded_piece(text: str, trigger: int, run: str, at_start: bool) -> bool:
    """Whether the piece whose trigger is at `trigger` gets a ': always at the cell's start
    (nothing but white space and quotes before it: OWASP's rule); after the separators `run`,
    unless the longest piece the trigger may begin, up to the next occurrence of one of them
    and without the separators it ends with, is harmless. The answer is the same in the
    guarded text, so `unguard_cell` can ask it too."""
    if at_start:
        return True
    end = max((found if (found := text.find(c, trigger)) >= 0 else len(text)) for c in set(run))
    while end > trigger + 1 and _is_separator(text[end - 1]):
        end -= 1  # the separators the piece ends with
    return not _HARMLESS_PIECE.fullmatch(text, trigger, end)


def safe_cell(text):
    """Neutralise spreadsheet formula injection in a text cell.

    Source: OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection;
    CWE-1236): no cell may begin with = + - @ tab or carriage return, and a separator in the
    text can start a new cell with one at its beginning, so checking the first character is
    not enough. The exact rule:

    - a piece begins at the cell's start or after a separator: , ; | ， ； or any white
      space (space, tab, line breaks), the separators a spreadsheet's import may split on;
    - a ' goes right before a formula trigger (= + - @ or full-width ＝ ＋ － ＠) that begins a
      piece, after any ' the text already has there; at the cell's start (nothing but white
      space and quotes before it) always;
    - after a separator, not when the longest piece the trigger may begin (up to the next
      occurrence of the separators before it, trailing separators aside) is harmless: the
      trigger alone, a signed number with an optional % or unit, @ and a name, or a sign,
      white space and text without ( ) [ ] ! | # (_HARMLESS_PIECE);
    - a cell starting with a tab or carriage return (after any ' of its own) gets a ' first.

        '=1+1'               -> "'=1+1"          (a cell's start: always)
        'x;=1+1;y'           -> "x;'=1+1;y"      (after any separator)
        'a - b', '-5% of x'  -> unchanged        (harmless after a separator)
        "'=1+1"              -> "''=1+1"         (the text's own quote stays the text's)
        '\tx'                -> "'\tx"

    The importer's `unguard_cell` undoes it exactly: unguard_cell(safe_cell(text)) == text
    for any text. Only for text: numbers must be written as numbers, so never pass them
    through here.
    """
    leading = bool(text) and text[0] in "'\t\r" and _LEADING_CONTROL.match(text)
    if not leading and not _TRIGGER.search(text or ""):
        return text  # most cells: nothing to look at
    pieces, last = (["'"] if leading else []), 0
    for quotes, trigger, run, at_start in _piece_starts(text):
        if _guarded_piece(text, trigger, run, at_start):
            pieces += [text[last:quotes], "'"]
            last = quotes
    return "".join(pieces) + text[last:] if pieces else text


def unguard_cell(cell: str) -> str:
    """Undo `safe_cell` (for the importer): take one ' from before each guarded trigger and
    from the start of a cell that starts with quotes and a tab or carriage return."""
    if "'" not in cell:
        return cell
    pieces, last = [], 0
    if _GUARDED_LEADING_CONTROL.match(cell):
        last = 1
    for quotes, trigger, run, at_start in _piece_starts(cell):
        if quotes < trigger and _guarded_piece(cell, trigger, run, at_start):
            pieces.append(cell[last:quotes])
            last = quotes + 1
    return "".join(pieces) + cell[last:] if last else cell


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
