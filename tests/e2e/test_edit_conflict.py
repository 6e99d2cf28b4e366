"""Two editors, two browsers, one claim: the second to save is told, and loses nothing."""

from playwright.sync_api import expect

from factcheck.models import Claim
from tests.e2e.helpers import claim_path, serious_accessibility_problems

KHERSON = "Kherson is a Black Sea shipbuilding city"


def test_the_second_editor_to_save_gets_the_conflict_message_with_their_text_kept(open_page, demo):
    edit = claim_path(KHERSON, "edit/")
    first, second = open_page(demo["editor"]), open_page(demo["editor2"])
    first.goto(edit)
    second.goto(edit)

    first.get_by_label("Place").fill("Kherson city")
    first.get_by_role("button", name="Save claim").click()
    expect(first.get_by_role("status")).to_have_text("Claim saved.")

    my_notes = "Census 2001 gave 328,360; the 2021 estimate is 283,649. Both round to 280,000."
    second.get_by_label("Methodology notes").fill(my_notes)
    second.get_by_role("button", name="Save claim").click()

    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("editor saved this claim")
    expect(conflict).to_contain_text("Your text is still in the form below")
    expect(conflict).to_contain_text("Place")  # what differs from the newer version
    expect(second.get_by_label("Methodology notes")).to_have_value(my_notes)
    assert serious_accessibility_problems(second) == []
    claim = Claim.objects.get(statement__startswith=KHERSON)
    assert (claim.place, claim.methodology_notes) == ("Kherson city", "")

    # Saving again, on purpose, replaces the newer version.
    second.get_by_role("button", name="Save claim").click()
    expect(second.get_by_role("status")).to_have_text("Claim saved.")
    claim.refresh_from_db()
    assert claim.methodology_notes == my_notes
