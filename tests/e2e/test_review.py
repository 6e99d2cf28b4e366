"""Verifying a claim in the browser: evidence, review, the confirm guard, the verdict, the
history; by mouse and by keyboard alone; and what a reporter may not do."""

import re

from playwright.sync_api import expect

from factcheck.claims import services as claim_services
from factcheck.models import Claim, EvidenceStance, Status
from tests.e2e.helpers import tab_to

KHERSON = "Kherson is a Black Sea shipbuilding city of 280,000."
NOTES = "Ukraine's State Statistics Service put Kherson at 283,649 in its January 2021 estimate."


def kherson():
    return Claim.objects.get(statement=KHERSON)


def test_an_editor_takes_a_claim_from_unverified_to_confirmed(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    page.get_by_role("link", name=KHERSON).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim by The Associated Press")
    expect(page.locator(".status-badge:visible")).to_have_text("Unverified")

    evidence = page.get_by_role("region", name="Evidence")
    evidence.locator("summary", has_text="Add evidence").click()
    evidence.get_by_label("URL").fill(
        "https://ukrstat.gov.ua/druk/publicat/kat_u/2021/zb/05/zb_chuselnist.pdf"
    )
    evidence.get_by_label("Title").fill("Population of Ukraine, 1 January 2021")
    evidence.get_by_label("Stance").select_option(label="Supports")
    evidence.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("status")).to_have_text("Evidence added.")
    expect(
        evidence.get_by_role("link", name="Population of Ukraine, 1 January 2021")
    ).to_be_visible()

    actions = page.get_by_role("region", name="Verification actions")
    actions.get_by_role("button", name="Start review").click()
    expect(page.get_by_role("status")).to_have_text("Claim is now in review.")
    expect(page.locator(".status-badge:visible")).to_have_text("In review")

    actions.get_by_role("button", name="Confirm", exact=True).click()
    refusal = actions.get_by_role("alert")
    expect(refusal).to_contain_text("Cannot confirm yet")
    expect(refusal).to_contain_text("Methodology notes are required")
    expect(page.locator(".status-badge:visible")).to_have_text("In review")

    page.get_by_role("link", name="Edit claim").click()
    page.get_by_label("Methodology notes").fill(NOTES)
    page.get_by_role("button", name="Save claim").click()
    expect(page.get_by_role("status")).to_have_text("Claim saved.")
    expect(page.get_by_role("region", name="Methodology notes")).to_contain_text("283,649")

    actions.get_by_label("Note").fill("Figure matches the official estimate.")
    actions.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Claim is now confirmed.")
    expect(page.locator(".status-badge:visible")).to_have_text("Confirmed")

    history = page.get_by_role("region", name="History")
    # One timeline, newest first: the moves, the edit and the evidence, each with its author.
    entries = history.get_by_role("listitem")
    expect(entries).to_have_count(5)
    expect(entries.nth(0)).to_contain_text("In review → Confirmed by editor")
    expect(history).to_contain_text("Figure matches the official estimate.")
    expect(entries.nth(1)).to_contain_text("Methodology notes changed by editor")
    expect(entries.nth(2)).to_contain_text("Unverified → In review")
    expect(entries.nth(3)).to_contain_text("Assigned to changed by editor")
    expect(entries.nth(4)).to_contain_text("Evidence added by editor")
    claim = kherson()
    assert claim.status == Status.CONFIRMED
    assert claim.status_changes.count() == 2


def test_the_confirm_flow_works_by_keyboard_alone(open_page, demo):
    claim = kherson()
    claim = claim_services.update_claim(
        claim=claim,
        actor=demo["editor"],
        data={"methodology_notes": NOTES},
        expected_version=claim.version,
    )
    claim_services.add_evidence(
        claim=claim,
        actor=demo["editor"],
        url="https://ukrstat.gov.ua/",
        stance=EvidenceStance.SUPPORTS,
    )
    page = open_page(demo["editor"])
    page.goto(claim.get_absolute_url())
    actions = page.get_by_role("region", name="Verification actions")

    tab_to(page, actions.get_by_role("button", name="Start review"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Claim is now in review.")

    tab_to(page, actions.get_by_label("Note"))
    page.keyboard.type("Checked by keyboard.")
    tab_to(page, actions.get_by_role("button", name="Confirm", exact=True))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("Claim is now confirmed.")
    expect(page.get_by_role("region", name="History")).to_contain_text("Checked by keyboard.")
    assert kherson().status == Status.CONFIRMED


def test_a_reporter_sees_no_confirm_button(open_page, demo):
    in_review = Claim.objects.get(statement__startswith="The exodus from Ukraine is the swiftest")
    page = open_page(demo["reporter"])
    page.goto(in_review.get_absolute_url())

    expect(page.locator(".status-badge:visible")).to_have_text("In review")
    expect(page.get_by_role("button", name="Confirm", exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name="Verification actions")).to_have_count(0)
    # What a reporter may do is still there.
    expect(page.get_by_role("region", name="Evidence").locator("summary")).to_have_text(
        re.compile("Add evidence")
    )
