"""Importing a CSV in the browser: the file is checked first (nothing written), its rows'
matches in the desk shown, then one click imports it; a big file's check and import each run
on a worker while the page follows them."""

import re

from playwright.sync_api import expect

from factcheck import browser
from factcheck.imports import tasks
from factcheck.models import Claim, ImportJob
from tests.e2e.helpers import serious_accessibility_problems, sideways_scrollers

# Line 2: the demo's Kherson figure again, in other words; line 3: like nothing in the desk.
FILE = (
    b"statement,claimant,value,qualifier,counted,place,as_of\r\n"
    b'"About 280,000 people live in Kherson, AP reported.",The Associated Press,280000,exact,'
    b"residents,Kherson,2021-01-01\r\n"
    b"Wheat exports fell by 5 tonnes,Ministry of Agriculture,5,exact,tonnes of wheat,,\r\n"
)


def upload(page, name="figures.csv", data=FILE):
    page.goto("/claims/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Check the file").click()


def test_a_file_is_checked_with_its_matches_then_imported_in_one_click(open_page, demo):
    before = Claim.objects.count()
    page = open_page(demo["editor"])
    upload(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check of figures.csv")
    expect(page.get_by_role("status")).to_contain_text(
        "figures.csv is ready: importing it adds 2 claims (1 with a figure already in the desk)"
    )
    matches = page.get_by_role("region", name="Matches in the desk")
    expect(matches.locator(".import-row-same_figure")).to_contain_text("Line 2")
    assert Claim.objects.count() == before  # nothing written by the check
    assert serious_accessibility_problems(page) == []

    page.get_by_role("button", name="Import 2 claims").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import of figures.csv")
    expect(page.get_by_role("status")).to_contain_text("Imported 2 claims")
    assert Claim.objects.count() == before + 2


def test_on_a_phone_the_check_reads_without_sideways_scrolling(open_page, demo):
    page = open_page(demo["editor"], viewport=browser.PHONE)
    upload(page)
    expect(page.get_by_role("button", name="Import 2 claims")).to_be_visible()
    assert sideways_scrollers(page) == []


def test_a_big_file_is_followed_through_its_check_and_its_import(open_page, demo, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100  # this file is a big one
    before = Claim.objects.count()
    page = open_page(demo["editor"])
    upload(page, name="big.csv")

    expect(page.get_by_role("heading", level=1)).to_have_text("Checking big.csv")
    expect(page.get_by_text("Waiting for a worker")).to_be_visible()
    job = ImportJob.objects.get(filename="big.csv")
    assert job.state == ImportJob.State.TO_CHECK

    # The worker checks it (a task run twice checks once); the page reloads itself.
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    assert tasks.run_check.call(job.pk) == ImportJob.State.CHECKED
    expect(page.get_by_role("heading", level=1)).to_have_text("Check of big.csv")
    expect(page.get_by_text("imported in the background")).to_be_visible()
    page.get_by_label(re.compile("Skip the 1 row whose figure")).check()
    page.get_by_role("button", name="Import 2 claims").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Importing big.csv")
    assert Claim.objects.count() == before
    assert tasks.run_import.call(job.pk) == ImportJob.State.DONE
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of big.csv")
    expect(page.get_by_role("status")).to_contain_text(
        "Imported 1 claim, skipped 1 with a figure already in the desk"
    )
    assert Claim.objects.count() == before + 1
