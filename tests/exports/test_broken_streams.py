"""Exports that cannot be mistaken for what they are not: formulas guarded after any
separator a spreadsheet may split on (and the importer undoing exactly that), and a download
that fails midway ending as a visibly broken file on an aborted connection."""

import csv
import io
import json

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from factcheck.exports import formats, writers
from factcheck.exports.writers import STREAM_FAILED, safe_cell, unguard_cell
from factcheck.imports.services import import_claims
from factcheck.models import Claim
from tests.exports.test_formats import confirmed, csv_rows, export_text
from tests.factories import ClaimantFactory, TrackedQuantityFactory
from tests.imports.test_services import PLAIN, csv_bytes

pytestmark = pytest.mark.django_db


# Each separator a spreadsheet's import may split a cell on (OWASP: a separator can start a
# new cell with the trigger at its beginning): the ' goes before the trigger, in every piece.
SEPARATORS = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "pipe": "|",
    "space": " ",
    "full-width semicolon": "；",
    "full-width comma": "，",
    "line feed": "\n",
    "carriage return": "\r",
    "CRLF": "\r\n",
    "no-break space": "\xa0",
}
FORMULAS = ["=1+1", '=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_after_each_separator_is_guarded_in_its_piece(separator, formula):
    text = f"x{separator}{formula}{separator}y"
    assert safe_cell(text) == f"x{separator}'{formula}{separator}y"
    assert unguard_cell(safe_cell(text)) == text


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_every_piece_is_guarded_not_only_the_first(separator):
    text = separator.join(["=1", "x", "=2", "-3+4"])
    assert safe_cell(text) == separator.join(["'=1", "x", "'=2", "'-3+4"])


@pytest.mark.parametrize(
    "text, safe",
    [
        ("x;=1+1;y", "x;'=1+1;y"),  # the audit's cell: Excel's pieces 'x', '=1+1', 'y'
        ('x; =HYPERLINK("http://evil")', 'x; \'=HYPERLINK("http://evil")'),  # trimmed piece
        ("x,;@SUM(A1)", "x,;'@SUM(A1)"),
        ("x; - WEBSERVICE(A1)", "x; '- WEBSERVICE(A1)"),  # "-" alone only if split on spaces
        ("x;-5% WEBSERVICE(A1)", "x;'-5% WEBSERVICE(A1)"),
        ("x;+3 points", "x;'+3 points"),  # split on ";" alone, a spreadsheet reads =+3 points
        ("x\n- item HYPERLINK(A1)", "x\n'- item HYPERLINK(A1)"),
        ("note ＝HYPERLINK(A1)", "note '＝HYPERLINK(A1)"),  # a full-width trigger
        ("=1+1", "'=1+1"),  # a cell's start: always, as OWASP says
        ("-5%", "'-5%"),
        ("+3 points", "'+3 points"),
        ("@username", "'@username"),
        ("  =1+1", "  '=1+1"),  # white space aside: a spreadsheet may trim it
        ("\t=1+1", "'\t'=1+1"),  # OWASP: nor may a cell begin with a tab or CR
        ("\rx", "'\rx"),
        ("'=1+1", "''=1+1"),  # the text's own quote stays the text's
        ("x;''@a(1)", "x;'''@a(1)"),
    ],
)
def test_a_formula_is_guarded_where_it_stands(text, safe):
    assert safe_cell(text) == safe


@pytest.mark.parametrize(
    "text",
    [
        "a - b",
        "x = y",
        "fell -5% in March",
        "up +3 points",
        "rose +3pp; fell -1,000.5 km",
        "ask @username or @user.name",
        "first line\n- a list item\n+ another, and - a third",
        "see -1 (note)",  # split on spaces the piece is "-1"
        "UNHCR says 1,000,000",
        "a=b",
        "2,000 to 3,000",
        "x; y",
        "x\tindented",
        "'plain",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert safe_cell(text) == text


@given(st.text(alphabet=st.sampled_from("x'=+-@;,|\t\r\n 1(；＝"), max_size=14) | st.text())
def test_the_importer_undoes_the_guard_exactly(text):
    assert unguard_cell(safe_cell(text)) == text


def test_export_import_export_keeps_guarded_text(editor, editor2):
    statement = 'Ukraine; =HYPERLINK("http://evil")'
    confirmed(editor, statement=statement, methodology_notes="'quoted; -1")
    first = export_text("csv")
    assert csv_rows(first)[0]["statement"] == 'Ukraine; \'=HYPERLINK("http://evil")'
    row = {**PLAIN, "statement": csv_rows(first)[0]["statement"]}
    report = import_claims(data=csv_bytes(row), filename="f.csv", actor=editor)
    assert report.ok, report.problems
    assert Claim.objects.get(pk=report.created[0]).statement == statement


# What each text field of the hostile claim holds: a function call after each separator.
HOSTILE = "".join(
    f"x{separator}=HYPERLINK(A{n})" for n, separator in enumerate(SEPARATORS.values())
)


def runnable_pieces(cell):
    """The pieces of `cell` that a spreadsheet splitting it on any one separator, trimming
    white space, would run as a formula calling a function."""
    return [
        piece
        for separator in SEPARATORS.values()
        for piece in cell.split(separator)
        if piece.strip().startswith(tuple(writers.FORMULA_TRIGGERS)) and "(" in piece
    ]


@pytest.mark.parametrize(
    "url", ["/exports/figures.csv", "/exports/figures-hxl.csv", "/quantities/{quantity}/series.csv"]
)
def test_no_export_a_spreadsheet_opens_has_a_piece_it_would_run(client_for, editor, url):
    quantity = TrackedQuantityFactory()
    text_fields = ("statement", "counted", "place", "methodology_notes", "source_title")
    fields = {name: HOSTILE for name in text_fields} | {"unit": "x;=HYPERLINK(A1)"}
    confirmed(editor, quantity=quantity, claimant=ClaimantFactory(name=HOSTILE), **fields)
    response = client_for(editor).get(url.format(quantity=quantity.pk))
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    cells = [cell for row in csv.reader(io.StringIO(body.decode(), newline="")) for cell in row]
    assert sum(HOSTILE in unguard_cell(cell) for cell in cells) >= 6  # the fields are there
    assert [cell for cell in cells if runnable_pieces(cell)] == []


def test_the_hxl_export_imports_back_exactly(editor):
    place = "a - b; -5% of @username"
    confirmed(editor, statement=HOSTILE, place=place)
    header, hashtags, row = csv.reader(io.StringIO(export_text("hxl"), newline=""))
    # A new claim, with another figure so that it is not the same claim, to compare them.
    row[header.index("claim_id")], row[header.index("value")] = "", "999"
    for column in ("status", "verified_by", "verified_at"):  # the factory's has no evidence
        row[header.index(column)] = ""
    out = io.StringIO()
    csv.writer(out).writerows([header, hashtags, row])
    report = import_claims(data=out.getvalue().encode(), filename="f.csv", actor=editor)
    assert report.ok, report.problems
    imported = Claim.objects.get(pk=report.created[0])
    assert (imported.statement, imported.place) == (HOSTILE, place)


# --- A download that fails midway -----------------------------------------------------------


def failing_after(count):
    real = formats.export_rows

    def export_rows(queryset, chunk_size=2000):
        for number, row in enumerate(real(queryset, chunk_size=chunk_size)):
            if number == count:
                raise RuntimeError("the database went away")
            yield row

    return export_rows


@pytest.mark.parametrize("url", ["/exports/figures.csv", "/exports/figures.json"])
def test_a_download_failing_midway_ends_with_the_marker_and_an_abort(
    client_for, editor, monkeypatch, url, caplog
):
    for _ in range(4):
        confirmed(editor)
    monkeypatch.setattr(writers, "STREAM_PIECE_ROWS", 1)
    monkeypatch.setattr(formats, "export_rows", failing_after(2))
    response = client_for(editor).get(url)
    assert response.status_code == 200
    received = []
    with pytest.raises(RuntimeError):
        for piece in response.streaming_content:
            received.append(piece.decode())
    body = "".join(received)
    assert body.endswith(STREAM_FAILED)
    assert "Export" in caplog.text and "failed" in caplog.text
    if url.endswith(".json"):
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)


def test_a_download_failing_before_its_first_rows_is_a_whole_error_page(editor, monkeypatch):
    confirmed(editor)
    monkeypatch.setattr(formats, "export_rows", failing_after(0))
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/exports/figures.csv")
    assert response.status_code == 500
    assert not response.streaming
