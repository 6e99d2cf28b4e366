"""Accessibility in a real browser: axe-core finds nothing serious, every field has a label,
status is written out and not only coloured, and a phone needs no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from factcheck import browser
from factcheck.models import Claimant, Status, TrackedQuantity
from tests.e2e.helpers import (
    claim_path,
    log_in_with_form,
    serious_accessibility_problems,
    sideways_scrollers,
    unlabelled_fields,
)

IN_REVIEW = "The exodus from Ukraine is the swiftest"
CONFIRMED = "At least 227 civilians have been killed"
KHERSON = "Kherson is a Black Sea shipbuilding city"

PAGES = {
    "queue": lambda: "/claims/",
    "claim in review": lambda: claim_path(IN_REVIEW),
    "confirmed claim": lambda: claim_path(CONFIRMED),
    "edit": lambda: claim_path(KHERSON, "edit/"),
    "locked edit": lambda: claim_path(CONFIRMED, "edit/"),
    "new claim": lambda: "/claims/new/",
    "password change": lambda: "/accounts/password/",
    "figure tracker": lambda: "/quantities/",
    "tracked quantity": lambda: TrackedQuantity.objects.get(
        counted="civilians killed"
    ).get_absolute_url(),
    "new tracked quantity": lambda: "/quantities/new/",
    "claimant": lambda: f"/claimants/{Claimant.objects.get(name__startswith='UN human').pk}/",
    "claimants": lambda: "/claimants/",
    "edit tracked quantity": lambda: (
        TrackedQuantity.objects.get(counted="civilians killed").get_absolute_url() + "edit/"
    ),
    "not found": lambda: "/claims/999999/",
}


def assert_accessible(page):
    assert serious_accessibility_problems(page) == []
    assert unlabelled_fields(page) == []


def test_the_login_page_and_its_error_are_accessible(page, demo):
    page.goto("/accounts/login/")
    assert_accessible(page)
    log_in_with_form(page, "editor", password="wrong")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_serious_accessibility_problems(open_page, demo, name):
    page = open_page(demo["editor"])
    page.goto(PAGES[name]())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_refusals_and_conflicts_are_accessible(open_page, demo):
    page = open_page(demo["editor"])
    page.goto(claim_path(IN_REVIEW))
    page.get_by_role("button", name="Refute").click()  # needs a note and contradicting evidence
    expect(page.get_by_role("alert")).to_contain_text("Cannot refute yet")
    assert_accessible(page)

    page.goto(claim_path(KHERSON, "edit/"))
    page.get_by_label("Counted").fill("")  # a figure must say what it counts
    page.get_by_role("button", name="Save claim").click()
    expect(page.get_by_text("Say what the figure counts")).to_be_visible()
    assert_accessible(page)


def test_status_is_written_out_not_only_coloured(open_page, demo):
    page = open_page(demo["viewer"])
    page.goto("/claims/?" + "&".join(f"status={status}" for status in Status.values))
    badges = page.locator("tbody .status-badge")
    expect(badges.first).to_be_visible()
    labels = badges.all_inner_texts()
    assert len(labels) == len(page.get_by_role("row").all()) - 1  # one per claim
    assert set(labels) <= set(Status.labels)
    assert {"Unverified", "In review", "Confirmed", "Disputed", "Unverifiable"} <= set(labels)


@pytest.mark.parametrize(
    "name",
    [
        "queue",
        "claim in review",
        "confirmed claim",
        "figure tracker",
        "tracked quantity",
        "claimant",
        "claimants",
    ],
)
def test_a_phone_needs_no_sideways_scrolling(open_page, demo, name):
    page = open_page(demo["editor"], viewport=browser.PHONE)
    page.goto(PAGES[name]())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("window.innerWidth") == browser.PHONE["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert sideways_scrollers(page) == []


def test_the_export_page_has_no_serious_accessibility_problems(open_page, demo):
    page = open_page(demo["viewer"])
    page.goto("/exports/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
