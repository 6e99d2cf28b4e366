"""Exports that cannot be mistaken for what they are not: formulas guarded after any
separator a spreadsheet may split on (and the importer undoing exactly that), and a download
that fails midway ending as a visibly broken file on an aborted connection."""

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
from tests.imports.test_services import PLAIN, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        'x;=HYPERLINK("http://evil")',
        "x; =1+1",
        "x,+1",
        "x|@SUM(A1)",
        "x\t-2+3",
        "first line\n=1+1",
        "'=1+1",  # the text's own leading quote
        "'plain",
    ],
)
def test_a_formula_after_a_separator_is_guarded(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["UNHCR says 1,000,000", "a=b", "2,000 to 3,000", "x; y", ""])
def test_text_without_a_formula_is_left_alone(text):
    assert safe_cell(text) == text


@given(st.text(alphabet=st.sampled_from("x'=+-@;,|\t\r\n 1"), max_size=12) | st.text())
def test_the_importer_undoes_the_guard_exactly(text):
    assert unguard_cell(safe_cell(text)) == text


def test_export_import_export_keeps_guarded_text(editor, editor2):
    statement = 'Ukraine; =HYPERLINK("http://evil")'
    confirmed(editor, statement=statement, methodology_notes="'quoted; -1")
    first = export_text("csv")
    assert csv_rows(first)[0]["statement"] == "'" + statement
    row = {**PLAIN, "statement": csv_rows(first)[0]["statement"]}
    report = import_claims(data=csv_bytes(row), filename="f.csv", actor=editor)
    assert report.ok, report.problems
    assert Claim.objects.get(pk=report.created[0]).statement == statement


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
