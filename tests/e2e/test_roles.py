"""What each role sees in the browser: a viewer reads and exports but cannot edit."""

from playwright.sync_api import expect

from tests.e2e.helpers import claim_path

KHERSON = "Kherson is a Black Sea shipbuilding city"


def test_a_viewer_can_read_a_claim_but_not_edit_it(open_page, demo):
    page = open_page(demo["viewer"])
    page.goto(claim_path(KHERSON))

    expect(page.get_by_role("heading", level=1)).to_have_text("Claim by The Associated Press")
    for control in [
        page.get_by_role("link", name="Edit claim"),
        page.get_by_role("link", name="New claim"),
        page.get_by_role("region", name="Evidence").locator("summary"),
        page.get_by_role("region", name="Verification actions"),
        page.get_by_role("button", name="Assign"),
    ]:
        expect(control).to_have_count(0)

    response = page.goto(claim_path(KHERSON, "edit/"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_text("You do not have permission to edit this claim.")).to_be_visible()
    page.get_by_role("link", name="Back to the claims").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim queue")
