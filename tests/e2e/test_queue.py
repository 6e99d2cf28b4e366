"""The queue in the browser: the article's claims, narrowed by status and by a search."""

import re

import pytest
from django.urls import resolve
from playwright.sync_api import expect

# Issue 4 builds the filters with django-filter; until its view is on main, say so.
QUEUE_FILTERS = hasattr(resolve("/claims/").func.view_class, "filterset_class")
needs_queue_filters = pytest.mark.skipif(
    not QUEUE_FILTERS, reason="issue 4 (queue filters and search) has not landed on main yet"
)

KILLED = "At least 227 civilians have been killed"
WOUNDED = "Another 525 civilians have been wounded"
DIED = "More than 2,000 civilians have died"
KHERSON = "Kherson is a Black Sea shipbuilding city"


def statement_link(page, statement):
    return page.get_by_role("link", name=re.compile(re.escape(statement)))


@needs_queue_filters
def test_an_editor_filters_the_queue_by_status_and_searches_it(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    # The default view is the open claims: what still needs someone.
    expect(statement_link(page, KHERSON)).to_be_visible()
    expect(statement_link(page, KILLED)).to_have_count(0)

    filters = page.get_by_role("form", name=re.compile("filter", re.IGNORECASE))
    filters.get_by_label("Confirmed").check()
    filters.get_by_label("Unverified").uncheck()
    filters.get_by_label("In review").uncheck()
    filters.get_by_label("Search").fill("civilians")
    filters.get_by_role("button", name=re.compile("filter|search|apply", re.IGNORECASE)).click()

    expect(page).to_have_url(re.compile(r"status=confirmed"))  # the view can be bookmarked
    expect(statement_link(page, KILLED)).to_be_visible()
    expect(statement_link(page, WOUNDED)).to_be_visible()
    expect(statement_link(page, DIED)).to_have_count(0)  # unverifiable, not confirmed
    expect(statement_link(page, KHERSON)).to_have_count(0)  # no "civilians"
    assert set(page.locator("tbody .status-badge").all_inner_texts()) == {"Confirmed"}

    page.reload()  # filters live in the URL
    expect(filters.get_by_label("Search")).to_have_value("civilians")
    expect(statement_link(page, KILLED)).to_be_visible()


@needs_queue_filters
def test_a_search_with_no_results_says_so_and_offers_a_way_back(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/?q=zzzz-no-such-claim")
    expect(page.get_by_text(re.compile("no (claims|results)", re.IGNORECASE))).to_be_visible()
    page.get_by_role("link", name=re.compile("clear|all claims|reset", re.IGNORECASE)).click()
    expect(statement_link(page, KHERSON)).to_be_visible()
