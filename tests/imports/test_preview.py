"""The import's check step (issue 18): upload, see what is wrong line by line or what
importing would do with each row's matches in the desk, nothing written; then one click
imports, all or nothing, optionally skipping rows whose figure is already in the desk."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from factcheck.imports import tasks
from factcheck.imports.services import import_claims
from factcheck.models import (
    Claim,
    Claimant,
    Event,
    Evidence,
    ImportJob,
    Notification,
    StatusChange,
)

pytestmark = pytest.mark.django_db

HEADER = ["statement", "claimant", "value", "qualifier", "counted", "place", "as_of", "status",
          "methodology_notes", "evidence_urls"]  # fmt: skip
# Line 2: OHCHR's figure again, in an alias's name; line 3: another figure of that quantity;
# line 4: nothing like anything in the desk.
SAME_FIGURE = ["UN: at least 227 civilians killed", "UN human rights office", "227", "at_least",
               "civilian deaths", "Ukraine", "2022-03-02", "", "", ""]  # fmt: skip
SAME_QUANTITY = ["At least 310 civilians killed in Ukraine", "Kyiv Independent", "310",
                 "at_least", "civilians killed", "Ukraine", "2022-03-04", "", "", ""]  # fmt: skip
UNLIKE = ["Wheat exports fell", "Ministry", "5", "exact", "tonnes of wheat", "", "", "", "", ""]


def csv_bytes(*rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def desk_rows():
    """Everything an import writes, counted."""
    return tuple(
        model.objects.count()
        for model in (Claim, Claimant, Evidence, StatusChange, Event, Notification)
    )


# --- The service -----------------------------------------------------------------------------


def test_a_check_writes_nothing_and_says_what_importing_would_do(editor, ohchr):
    before = desk_rows()
    report = import_claims(
        data=csv_bytes(SAME_FIGURE, SAME_QUANTITY, UNLIKE),
        filename="f.csv",
        actor=editor,
        check_only=True,
    )
    assert desk_rows() == before
    assert report.ok and report.checked_only and report.created == []
    assert report.to_import == 3
    assert report.summary() == (
        "f.csv is ready: importing it adds 3 claims (1 with a figure already in the desk). "
        "Nothing has been imported yet."
    )
    assert report.match_counts == {"same_figure": 1, "same_quantity": 1, "similar_text": 0}
    # Same figure first, then the file's order; each row's best match first.
    assert [(item["line"], item["kind"]) for item in report.matches] == [
        (2, "same_figure"),
        (3, "same_quantity"),
    ]
    first = report.matches[0]["matches"][0]
    assert first["claim"] == ohchr.pk and first["label"] == "Same figure"
    assert first["status"] == "Confirmed" and first["statement"] == ohchr.statement
    [note] = report.probable_duplicates
    assert note.line == 2 and f"Same figure as claim {ohchr.pk} (confirmed)" in note.message


def test_a_check_finds_what_only_writing_finds_and_still_writes_nothing(editor):
    # A verdict without methodology notes: the workflow's guard refuses it when written.
    verdict = ["Claim", "UNHCR", "", "", "", "", "", "confirmed", "", "https://example.org/a"]
    before = desk_rows()
    report = import_claims(data=csv_bytes(verdict), filename="f.csv", actor=editor, check_only=True)
    assert desk_rows() == before
    assert not report.ok
    assert [(p.line, p.column) for p in report.problems] == [(2, "methodology_notes")]
    assert report.summary() == "Nothing can be imported from f.csv: 1 problem to fix."


def test_rows_whose_figure_is_in_the_desk_can_be_skipped(editor, ohchr):
    data = csv_bytes(SAME_FIGURE, SAME_QUANTITY)
    check = import_claims(
        data=data, filename="f.csv", actor=editor, check_only=True, skip_same_figure=True
    )
    assert check.to_import == 1
    report = import_claims(data=data, filename="f.csv", actor=editor, skip_same_figure=True)
    assert len(report.created) == 1
    assert Claim.objects.get(pk=report.created[0]).value == 310
    [skipped] = report.duplicates
    assert skipped.line == 2
    assert f"Same figure as claim {ohchr.pk} (confirmed), already in the desk; skipped" in str(
        skipped
    )
    assert not report.probable_duplicates
    # Still listed with its matches: the report says why it was left out.
    assert [item["line"] for item in report.matches] == [2, 3]


def test_an_import_reports_same_quantity_and_similar_text_too(editor, ohchr):
    report = import_claims(data=csv_bytes(SAME_QUANTITY, UNLIKE), filename="f.csv", actor=editor)
    assert len(report.created) == 2
    assert [(item["line"], item["kind"]) for item in report.matches] == [(2, "same_quantity")]
    # Compared with the desk as it was, never with the file's own claims.
    assert all(m["claim"] not in report.created for m in report.matches[0]["matches"])


def test_every_row_of_a_file_over_two_thousand_rows_is_looked_up(editor, ohchr, settings):
    """The old importer left files of more than 2,000 claims unchecked for figures."""
    rows = [[f"Wheat exports fell by {n} tonnes", "Ministry", str(n), "exact", "tonnes of wheat",
             "", "", "", "", ""] for n in range(1, 2101)]  # fmt: skip
    report = import_claims(
        data=csv_bytes(*rows, SAME_FIGURE), filename="f.csv", actor=editor, check_only=True
    )
    assert report.ok and report.to_import == 2101 and not report.notices
    assert report.matches[0]["line"] == 2102 and report.matches[0]["kind"] == "same_figure"


# --- The pages -------------------------------------------------------------------------------


def upload(client, data, name="figures.csv"):
    return client.post(reverse("claim-import"), {"file": SimpleUploadedFile(name, data)})


def test_the_check_page_shows_each_rows_matches_then_one_click_imports(client_for, editor, ohchr):
    client = client_for(editor)
    before = desk_rows()
    response = upload(client, csv_bytes(SAME_FIGURE, SAME_QUANTITY, UNLIKE))
    assert desk_rows() == before
    page = client.get(response["Location"]).content.decode()
    assert "Check of figures.csv" in page and "nothing has been imported yet" in page
    assert "Same figure already in the desk" in page
    assert f'href="/claims/{ohchr.pk}/">Claim {ohchr.pk}</a>, confirmed' in page
    assert "Line 2" in page and "Line 3" in page and "Line 4" not in page
    assert "Skip the 1 row whose figure is already in the desk" in page
    assert "Import 3 claims</button>" in page

    client.post(response["Location"])
    page = client.get(response["Location"]).content.decode()
    assert "Imported 3 claims, 1 with a figure already in the desk from figures.csv." in page
    assert "Matches in the desk" in page
    assert Claim.objects.count() == 4


def test_skipping_same_figures_from_the_page(client_for, editor, ohchr):
    client = client_for(editor)
    response = upload(client, csv_bytes(SAME_FIGURE, UNLIKE))
    client.post(response["Location"], {"skip_same_figure": "on"})
    assert not Claim.objects.filter(statement=SAME_FIGURE[0]).exists()
    assert Claim.objects.filter(statement=UNLIKE[0]).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Imported 1 claim, skipped 1 with a figure already in the desk from figures.csv." in page


def test_clicking_import_twice_imports_once(client_for, editor):
    client = client_for(editor)
    response = upload(client, csv_bytes(UNLIKE))
    client.post(response["Location"])
    client.post(response["Location"])
    assert Claim.objects.count() == 1


def test_a_newer_upload_retires_the_older_check(client_for, editor):
    client = client_for(editor)
    first = upload(client, csv_bytes(UNLIKE))
    upload(client, csv_bytes(SAME_QUANTITY), name="second.csv")
    page = client.get(first["Location"]).content.decode()
    assert "you have uploaded another file since" in page and "claim</button>" not in page
    client.post(first["Location"])
    assert Claim.objects.count() == 0


def test_only_the_uploader_may_import_a_check(client_for, editor, editor2):
    response = upload(client_for(editor), csv_bytes(UNLIKE))
    assert client_for(editor2).post(response["Location"]).status_code == 404
    assert Claim.objects.count() == 0


def test_a_file_with_problems_is_shown_at_once_and_kept_nowhere(client_for, editor):
    bad = [*UNLIKE[:6], "soon", *UNLIKE[7:]]
    response = upload(client_for(editor), csv_bytes(bad))
    assert response.status_code == 400
    assert "<td>2</td><td>as_of</td>" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_matches_download_lists_every_match_guarded(client_for, editor, ohchr):
    client = client_for(editor)
    formula = ["=HYPERLINK(1) at least 227 civilians killed", *SAME_FIGURE[1:]]
    response = upload(client, csv_bytes(formula))
    job = ImportJob.objects.get()
    download = client.get(reverse("claim-import-matches", args=[job.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["line", "statement", "best_match", "claim", "kind"]
    assert rows[1][0] == "2" and rows[1][3] == str(ohchr.pk) and rows[1][4] == "same_figure"
    assert rows[1][1].startswith("'=")  # a spreadsheet shows it, never runs it
    assert response.status_code == 302


def test_the_command_checks_without_writing_and_lists_matches(editor, ohchr, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes(SAME_FIGURE, UNLIKE))
    out = io.StringIO()
    before = desk_rows()
    call_command("import_claims", str(path), "--user", "editor", "--check", stdout=out)
    assert desk_rows() == before
    text = out.getvalue()
    assert f"line 2: matches Same figure: claim {ohchr.pk} (confirmed)" in text
    assert "f.csv is ready: importing it adds 2 claims" in text
    call_command("import_claims", str(path), "--user", "editor", "--skip-same-figure", stdout=out)
    assert Claim.objects.count() == 2


def test_in_background_follows_the_setting(settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 10
    assert tasks.in_background(11) and not tasks.in_background(10)


@pytest.mark.parametrize(
    "limit, said",
    [
        (5000, "Matches are looked up for the first 5,000 rows of a file"),
        (0, "Matches in the desk are not looked up"),
    ],
)
def test_the_import_page_says_how_many_rows_are_looked_up(
    client_for, editor, settings, limit, said
):
    settings.FACTCHECK_IMPORT_MATCH_MAX_ROWS = limit
    page = client_for(editor).get(reverse("claim-import")).content.decode()
    assert said in page
