"""Issue 12: files the way newsrooms produce them. Figures and dates by one documented rule,
semicolon and tab separators, the desk's own HXL export, the unit column, the template."""

import csv
import io
from decimal import Decimal

import pytest

from factcheck.exports.formats import HXL_TAGS
from factcheck.imports.services import EXPORT_COLUMNS, import_claims
from factcheck.models import Claim, Claimant

pytestmark = pytest.mark.django_db

ROW = {
    "value": "1500",
    "statement": "At least 1,500 civilians have been killed.",
    "claimant": "OHCHR",
    "qualifier": "at_least",
    "counted": "civilians killed",
}


def csv_bytes(*rows, delimiter=",", columns=EXPORT_COLUMNS, extra_rows=()):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(extra_rows)
    for row in rows:
        writer.writerow([row.get(name, "") for name in columns])
    return out.getvalue().encode()


def problems(report):
    return [str(problem) for problem in report.problems]


# --- Numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("1500", Decimal(1500)),
        ("2.5", Decimal("2.5")),
        ("1,000,000", Decimal(1000000)),
        ("2 000", Decimal(2000)),
        ("2\u00a0000", Decimal(2000)),  # no-break space
        ("2\u2009000", Decimal(2000)),  # thin space
        ("1,234.5", Decimal("1234.5")),
        ("١٥٠٠", Decimal(1500)),  # Arabic-Indic digits
        ("１５００", Decimal(1500)),  # full-width digits
    ],
)
def test_figures_written_as_people_write_them_are_read_exactly(editor, cell, stored):
    report = import_claims(data=csv_bytes({**ROW, "value": cell}), filename="f.csv", actor=editor)
    assert report.ok, problems(report)
    assert Claim.objects.get().value == stored


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1.500", "“1.500” could be 1.5 or 1500: this desk reads “.” as the decimal point. "
                  "Write 1500 for the whole number, or 1.5 if you mean the decimal."),
        ("12.000", "“12.000” could be 12 or 12000"),
        ("2,5", "“2,5” uses a comma for decimals, or groups digits other than by three. "
                "Write 2.5"),
        ("1,500–2,000", "“1,500–2,000” is a range: put the lower end (1,500) here and the upper "
                        "end (2,000) in value_high"),
        ("1500-2000", "“1500-2000” is a range"),
        ("1.500.000", "groups thousands with “.”, which this desk reads as the decimal point. "
                      "Write 1500000."),
        ("2%", "write the number alone (2) and put % in unit"),
        ("10²", "“10²” is not a number"),
    ],
)  # fmt: skip
def test_a_figure_that_could_be_misread_is_refused_with_one_message(editor, cell, message):
    """Before: 1.500 was stored as 1.5; 1,000,000 and the rest got "Enter a number." plus
    two false "Enter a value first" on qualifier and counted."""
    report = import_claims(data=csv_bytes({**ROW, "value": cell}), filename="f.csv", actor=editor)
    assert len(report.problems) == 1, problems(report)
    (problem,) = report.problems
    assert (problem.line, problem.column) == (2, "value")
    assert message in problem.message
    assert not Claim.objects.exists()


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["3/2/2022", "03/02/22", "3/14/2022", "2 March 2022", "20220302"])
def test_dates_other_than_iso_8601_are_refused_never_guessed(editor, cell):
    report = import_claims(data=csv_bytes({**ROW, "value": "1500", "as_of": cell}),
                           filename="f.csv", actor=editor)  # fmt: skip
    assert problems(report) == [
        f"line 2, column as_of: “{cell}” is not a date in the form YYYY-MM-DD (ISO 8601); "
        "write 2 March 2022 as 2022-03-02."
    ]


def test_an_iso_date_is_read(editor):
    report = import_claims(data=csv_bytes({**ROW, "value": "1500", "as_of": "2022-03-02"}),
                           filename="f.csv", actor=editor)  # fmt: skip
    assert report.ok
    assert Claim.objects.get().as_of.isoformat() == "2022-03-02"


# --- Separators, HXL, unit ---------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(editor, delimiter):
    """Before: "Unknown column statement;claimant;…" and "Missing columns"."""
    row = {**ROW, "value": "1500", "place": "Kyiv, Ukraine"}
    report = import_claims(data=csv_bytes(row, delimiter=delimiter), filename="f.csv", actor=editor)
    assert report.ok, problems(report)
    claim = Claim.objects.get()
    assert (claim.value, claim.place) == (Decimal(1500), "Kyiv, Ukraine")


def test_the_desks_own_hxl_export_is_read_skipping_its_hashtag_row(editor):
    """Before: 14 errors on line 2 ('#meta+id' is not a claim number, ...)."""
    hashtags = [HXL_TAGS[name] for name in EXPORT_COLUMNS]
    data = csv_bytes({**ROW, "value": "1500"}, extra_rows=[hashtags])
    report = import_claims(data=data, filename="figures-hxl.csv", actor=editor)
    assert report.ok, problems(report)
    assert Claim.objects.count() == 1


def test_the_unit_column_is_imported(editor):
    row = {**ROW, "value": "2", "unit": "%", "counted": "population that has fled"}
    assert import_claims(data=csv_bytes(row), filename="f.csv", actor=editor).ok
    assert (Claim.objects.get().value, Claim.objects.get().unit) == (Decimal(2), "%")


# --- The template ------------------------------------------------------------------------------


def test_the_downloadable_template_imports_as_it_is(client_for, editor):
    response = client_for(editor).get("/claims/import/template.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="claims-import-template.csv"'
    data = response.content
    assert data.startswith("\ufeff".encode())
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == list(EXPORT_COLUMNS)
    report = import_claims(data=data, filename="claims-import-template.csv", actor=editor)
    assert report.ok, problems(report)
    claim = Claim.objects.get()
    assert (claim.value, claim.unit, claim.status) == (Decimal(2), "%", "confirmed")
    assert claim.status_changes.get().recorded_verifier == "Partner desk editor"


def test_the_import_page_links_the_template_and_states_the_rules(client_for, editor):
    page = client_for(editor).get("/claims/import/").content.decode()
    assert 'href="/claims/import/template.csv"' in page
    for rule in ("ISO 8601", "<code>1,000,000</code>", "<code>1.500</code>", "semicolons"):
        assert rule in page


# --- Text as people type it ----------------------------------------------------------------------


def test_reimporting_a_statement_with_a_typographic_apostrophe_is_a_duplicate(editor):
    """Before: a re-import of a claim whose statement uses ’ created a second copy."""
    plain = {**ROW, "statement": "Russia's invasion displaced 1 million people."}
    curly = {**ROW, "statement": "Russia’s invasion displaced 1 million people.",
             "claimant": "ohchr"}  # fmt: skip
    assert import_claims(data=csv_bytes(plain), filename="a.csv", actor=editor).ok
    report = import_claims(data=csv_bytes(curly), filename="b.csv", actor=editor)
    assert report.ok and not report.created
    assert [str(d) for d in report.duplicates] == [
        f"line 2: Already in the desk as claim {Claim.objects.get().pk}; skipped."
    ]


def test_claimant_names_in_any_case_of_any_script_are_one_claimant(editor):
    """Before, on SQLite: two claimants."""
    lower = {**ROW, "claimant": "Харківська обласна адміністрація", "statement": "One."}
    upper = {**ROW, "claimant": "ХАРКІВСЬКА ОБЛАСНА АДМІНІСТРАЦІЯ", "statement": "Two."}
    assert import_claims(data=csv_bytes(lower, upper), filename="f.csv", actor=editor).ok
    assert Claimant.objects.count() == 1
    assert Claim.objects.count() == 2
