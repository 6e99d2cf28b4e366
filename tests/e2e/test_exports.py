"""Exporting the verified figures from the export page, and checking the downloaded file."""

import csv
import io
import re

from playwright.sync_api import expect

from factcheck.models import Claim, Status
from tests.e2e.helpers import claim_path

HEADER = [
    "claim_id",
    "statement",
    "claimant",
    "claimant_kind",
    "value",
    "value_high",
    "unit",
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
    "published_url",
]


def verified_figure_ids():
    """The claims the issue calls verified figures: confirmed, and carrying a figure."""
    confirmed = Claim.objects.filter(status=Status.CONFIRMED, value__isnull=False)
    return {str(pk) for pk in confirmed.values_list("pk", flat=True)}


def download_csv(page):
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("CSV")).or_(
            page.get_by_role("link", name=re.compile("CSV"))
        ).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    return download.suggested_filename, download.path().read_text(encoding="utf-8-sig")


def test_a_viewer_exports_the_verified_figures_as_csv(open_page, demo):
    page = open_page(demo["viewer"])
    page.goto("/claims/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("Export")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export")
    expected = verified_figure_ids()
    assert len(expected) > 5  # the demo has plenty
    count = re.compile(rf"\b{len(expected)} (verified )?(figures|claims|rows)\b")
    expect(page.get_by_role("heading", name=count)).to_be_visible()

    filename, text = download_csv(page)

    assert re.fullmatch(r"verified-figures-\d{4}-\d{2}-\d{2}\.csv", filename)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == HEADER
    assert {row["claim_id"] for row in rows} == expected
    killed = next(row for row in rows if row["value"] == "227")
    assert (
        killed["statement"] == "At least 227 civilians have been killed since the invasion began."
    )
    assert killed["claimant"] == "UN human rights office (OHCHR)"
    assert killed["status"] == "confirmed"
    assert killed["verified_by"] == "editor2"
    assert killed["as_of"] == "2022-03-01"
    assert killed["claim_url"].endswith(claim_path("At least 227"))


def test_a_viewer_can_export_but_not_edit(open_page, demo):
    page = open_page(demo["viewer"])
    page.goto(claim_path("At least 227"))
    expect(page.get_by_role("link", name="Edit claim")).to_have_count(0)
    assert page.goto(claim_path("Kherson is a Black Sea", "edit/")).status == 403

    page.goto("/exports/")
    _, text = download_csv(page)
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(verified_figure_ids())


def test_a_reporter_cannot_export(open_page, demo):
    page = open_page(demo["reporter"])
    assert page.goto("/exports/").status == 403
    assert page.goto("/exports/figures.csv").status == 403
