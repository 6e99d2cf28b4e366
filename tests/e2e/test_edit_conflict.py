"""Two editors, two browsers, one claim: no edit is ever lost. Fields only one of them changed
are merged; a field both changed is shown side by side, and the second to save chooses."""

from decimal import Decimal

from playwright.sync_api import expect

from factcheck.models import Claim
from tests.e2e.helpers import claim_path, serious_accessibility_problems

KHERSON = "Kherson is a Black Sea shipbuilding city"


def kherson():
    return Claim.objects.get(statement__startswith=KHERSON)


def test_two_editors_change_different_fields_and_both_changes_survive(open_page, demo):
    edit = claim_path(KHERSON, "edit/")
    first, second = open_page(demo["editor"]), open_page(demo["editor2"])
    first.goto(edit)
    second.goto(edit)
    expect(first.get_by_label("Value", exact=True)).to_have_value("280000")  # not 280000.0000

    first.get_by_label("Value", exact=True).fill("283649")
    first.get_by_role("button", name="Save claim").click()
    expect(first.get_by_role("status")).to_have_text("Claim saved.")

    # The second editor changes only the place, on the version opened before.
    second.get_by_label("Place").fill("Kherson city")
    second.get_by_role("button", name="Save claim").click()
    expect(second.get_by_role("status")).to_contain_text("Claim saved.")
    expect(second.get_by_role("status")).to_contain_text("to value are kept")

    claim = kherson()
    assert (claim.value, claim.place) == (Decimal("283649"), "Kherson city")
    expect(second.locator(".figure-lead")).to_contain_text("283,649")
    history = second.get_by_role("region", name="History")
    entries = history.get_by_role("listitem")
    expect(entries.nth(0)).to_contain_text("Place changed by editor2")
    expect(entries.nth(0)).to_contain_text("Kherson city")
    expect(entries.nth(1)).to_contain_text("Value changed by editor")
    expect(entries.nth(1)).to_contain_text("283649")
    expect(history).to_contain_text("UTC")


def test_a_field_both_changed_is_shown_side_by_side_and_chosen(open_page, demo):
    edit = claim_path(KHERSON, "edit/")
    first, second = open_page(demo["editor"]), open_page(demo["editor2"])
    first.goto(edit)
    second.goto(edit)

    first.get_by_label("Place").fill("Kherson city")
    first.get_by_role("button", name="Save claim").click()
    expect(first.get_by_role("status")).to_have_text("Claim saved.")

    my_notes = "Census 2001 gave 328,360; the 2021 estimate is 283,649. Both round to 280,000."
    second.get_by_label("Methodology notes").fill(my_notes)
    second.get_by_label("Place").fill("Kherson oblast")
    second.get_by_role("button", name="Save claim").click()

    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("editor saved this claim")
    place = second.get_by_role("group", name="Place: you both changed it")
    expect(place.locator('[data-side="theirs"]')).to_have_text("Kherson city")
    expect(place.locator('[data-side="yours"]')).to_have_text("Kherson oblast")
    # Only the place is asked about: the notes are mine alone and stay in the form.
    expect(
        second.get_by_role("group", name="Methodology notes: you both changed it")
    ).to_have_count(0)
    expect(second.get_by_label("Methodology notes")).to_have_value(my_notes)
    assert serious_accessibility_problems(second) == []
    assert (kherson().place, kherson().methodology_notes) == ("Kherson city", "")

    place.get_by_label("Keep theirs").check()
    second.get_by_role("button", name="Save claim").click()
    expect(second.get_by_role("status")).to_contain_text("Claim saved.")
    claim = kherson()
    assert (claim.place, claim.methodology_notes) == ("Kherson city", my_notes)
