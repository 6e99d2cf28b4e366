"""An editor's day without friction: refusals that stay in view, a queue worked through claim
by claim, evidence re-classified, a new claim's duplicate caught, and a phone that shows
everything readable."""

import re

from playwright.sync_api import expect

from factcheck import browser
from factcheck.models import Claim, Claimant, EvidenceStance, Status, TrackedQuantity
from tests.e2e.helpers import claim_path, sideways_scrollers

IN_REVIEW = "The exodus from Ukraine is the swiftest"
KHERSON = "Kherson is a Black Sea shipbuilding city"


def test_a_refusal_on_a_phone_is_brought_into_view_and_focused(open_page, demo):
    page = open_page(demo["editor"], viewport=browser.PHONE)
    page.goto(claim_path(IN_REVIEW))
    actions = page.get_by_role("region", name="Verification actions")
    actions.get_by_label("Note for the history (workflow)").fill("Typed before the refusal")
    actions.get_by_role("button", name="Refute").click()

    refusal = actions.get_by_role("alert")
    expect(refusal).to_contain_text("Cannot refute yet")
    expect(refusal).to_be_in_viewport()
    expect(refusal).to_be_focused()
    expect(actions.get_by_label("Note for the history (workflow)")).to_have_value(
        "Typed before the refusal"
    )
    # The address is the claim page's, which loads when reloaded or shared (never a 405).
    expect(page).to_have_url(re.compile(r"/claims/\d+/#workflow-heading$"))
    assert page.reload().status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claim by")


def test_after_a_decision_the_next_claim_of_the_queue_is_one_click_away(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/?status=in_review&sort=created")
    first = page.locator("tbody .queue-statement a").first
    first_text = first.inner_text()
    first.click()
    actions = page.get_by_role("region", name="Verification actions")
    actions.get_by_label("Note for the history (workflow)").fill("Cannot be checked yet.")
    actions.get_by_role("button", name="Dispute").click()
    expect(page.get_by_role("status")).to_have_text("Claim is now disputed.")

    page.get_by_role("link", name="Next claim in the queue").click()
    expect(page.locator("blockquote.statement")).not_to_have_text(first_text)
    expect(page.get_by_role("link", name="Next claim in the queue")).to_have_attribute(
        "href", re.compile(r"queue=status%3Din_review")
    )
    claim = Claim.objects.get(pk=int(re.search(r"/claims/(\d+)/", page.url).group(1)))
    assert claim.status == Status.IN_REVIEW


def test_imported_evidence_is_reclassified_and_the_change_recorded(open_page, demo):
    claim = Claim.objects.get(statement__startswith=KHERSON)
    item = claim.evidence.create(
        url="https://example.org/census", stance=EvidenceStance.CONTEXT, added_by=demo["editor"]
    )
    page = open_page(demo["editor"])
    page.goto(claim_path(KHERSON))
    evidence = page.get_by_role("region", name="Evidence")
    evidence.locator("summary", has_text="Change or remove").click()
    evidence.get_by_label("Stance").first.select_option(label="Supports")
    evidence.get_by_role("button", name="Save evidence").click()
    expect(page.get_by_role("status")).to_have_text("Evidence changed.")
    item.refresh_from_db()
    assert item.stance == EvidenceStance.SUPPORTS
    history = page.get_by_role("region", name="History")
    expect(history.get_by_role("listitem").first).to_contain_text("Evidence changed by editor")
    expect(history.get_by_role("listitem").first).to_contain_text("context: https://example.org")


def test_a_new_claim_from_the_same_story_duplicate_caught_source_kept(open_page, demo):
    page = open_page(demo["reporter"])
    page.goto(claim_path(KHERSON))
    page.get_by_role("link", name="Add another claim from this source").click()
    expect(page.get_by_label("Source title")).to_have_value(
        re.compile("Ukraine Refugee Count Tops 1 Million")
    )
    # The same statement, claimant, figure and date as a claim already here.
    existing = Claim.objects.get(statement__startswith=KHERSON)
    page.get_by_label("Statement").fill(existing.statement)
    page.get_by_label("Claimant", exact=True).select_option(label=existing.claimant.name)
    page.get_by_label("Qualifier").select_option(existing.qualifier)
    page.get_by_label("Value", exact=True).fill("280000")
    page.get_by_label("What is counted").fill(existing.counted)
    page.get_by_label("As of").fill(existing.as_of.isoformat())
    page.get_by_label("Source URL").fill("apnews.com/article/kherson")  # no https://
    page.get_by_role("button", name="Save claim").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("This claim is already on the desk")
    expect(warning.get_by_role("link", name=f"claim {existing.pk}")).to_be_visible()
    assert Claim.objects.filter(statement=existing.statement).count() == 1

    warning.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_role("status")).to_contain_text("Claim added.")
    copy = Claim.objects.filter(statement=existing.statement).latest("pk")
    assert copy.source_url == "https://apnews.com/article/kherson"


def test_on_a_phone_chart_tables_and_bulk_actions_are_readable(open_page, demo):
    page = open_page(demo["editor"], viewport=browser.PHONE)
    page.goto(TrackedQuantity.objects.get(counted="civilians killed").get_absolute_url())
    chart = page.locator(".chart-phone svg")
    expect(chart).to_be_visible()
    expect(page.locator(".chart-desk svg")).to_be_hidden()
    smallest = chart.locator("text").evaluate_all(
        "els => Math.min(...els.map(el => parseFloat(getComputedStyle(el).fontSize)"
        " * el.ownerSVGElement.getScreenCTM().a))"
    )
    assert smallest >= 12, f"the smallest chart label is {smallest:.1f} px"

    page.goto(f"/claimants/{Claimant.objects.get(name__startswith='UN human').pk}/")
    caption = page.locator(".claimant-record caption").first
    expect(caption).to_be_visible()
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= browser.PHONE["width"]
    assert sideways_scrollers(page) == []

    page.goto("/claims/")
    panel = page.locator("#bulk-panel")
    assert panel.bounding_box()["height"] < browser.PHONE["height"] / 4
    expect(page.locator("tbody .queue-statement").first).to_be_in_viewport()
    box = page.locator('tbody input[name="claims"]').first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24


def test_a_desk_shows_the_bulk_actions_open(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    expect(page.get_by_label("Move selected")).to_be_visible()


def test_logging_out_says_so(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You have logged out.")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_claimants_are_listed_and_linked_from_the_queue(open_page, demo):
    page = open_page(demo["viewer"])
    page.goto("/claims/")
    page.get_by_role("row").filter(has_text=KHERSON).get_by_role(
        "link", name="The Associated Press"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Associated Press")
    page.get_by_role("link", name="Claimants").click()
    page.get_by_label("Search claimants by name").fill("unhcr")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("UNHCR")
    expect(page.get_by_role("table")).not_to_contain_text("The Associated Press")
