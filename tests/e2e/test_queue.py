"""The queue in the browser: the article's claims, narrowed by status and by a search."""

import re

from playwright.sync_api import expect

KILLED = "At least 227 civilians have been killed"
WOUNDED = "Another 525 civilians have been wounded"
DIED = "More than 2,000 civilians have died"
KHERSON = "Kherson is a Black Sea shipbuilding city"


def statement_link(page, statement):
    return page.get_by_role("link", name=re.compile(re.escape(statement)))


def test_an_editor_filters_the_queue_by_status_and_searches_it(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    # The default view is the open claims: what still needs someone.
    expect(statement_link(page, KHERSON)).to_be_visible()
    expect(statement_link(page, KILLED)).to_have_count(0)

    page.get_by_text("Filter and sort").click()
    filters = page.get_by_role("form", name="Filter the queue")
    filters.get_by_label("Confirmed", exact=True).check()
    filters.get_by_label("Unverified", exact=True).set_checked(False)
    filters.get_by_label("In review", exact=True).set_checked(False)
    filters.get_by_role("button", name="Apply").click()
    # The search box sits above the folded filters, always visible, and keeps them.
    search = page.get_by_role("search", name="Search the queue")
    search.get_by_role("searchbox").fill("civilians")
    search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"status=confirmed"))  # the view can be bookmarked
    expect(page).not_to_have_url(re.compile(r"status=in_review"))
    expect(statement_link(page, KILLED)).to_be_visible()
    expect(statement_link(page, WOUNDED)).to_be_visible()
    expect(statement_link(page, DIED)).to_have_count(0)  # unverifiable, not confirmed
    expect(statement_link(page, KHERSON)).to_have_count(0)  # no "civilians"
    assert set(page.locator("tbody .status-badge").all_inner_texts()) == {"Confirmed"}

    page.reload()  # filters live in the URL
    expect(search.get_by_role("searchbox")).to_have_value("civilians")
    expect(filters.get_by_label("Confirmed", exact=True)).to_be_checked()
    expect(statement_link(page, KILLED)).to_be_visible()


def test_a_search_with_no_results_says_so_and_offers_a_way_back(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/?q=zzzz-no-such-claim")
    expect(page.get_by_role("heading", name="No claims match these filters")).to_be_visible()
    page.get_by_role("link", name="Back to the open claims, oldest first").click()
    expect(statement_link(page, KHERSON)).to_be_visible()


def test_the_search_box_is_visible_on_a_phone_and_finds_places_and_sources(open_page, demo):
    from factcheck import browser

    page = open_page(demo["viewer"], viewport=browser.PHONE)
    page.goto("/claims/")
    search = page.get_by_role("search", name="Search the queue").get_by_role("searchbox")
    expect(search).to_be_in_viewport()
    search.fill("Refugee Count Tops")  # the source's title, not in the statement
    search.press("Enter")
    expect(statement_link(page, KHERSON)).to_be_visible()
