"""Discussing a claim in the browser: an editor mentions a reporter (with the autocomplete);
a source's @handle posts as plain text; the reporter logs in, sees the bell's count, opens the
notification (a link) and lands on the comment."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import log_in_with_form, serious_accessibility_problems

KHERSON = "Kherson is a Black Sea shipbuilding city of 280,000."


def test_an_editor_mentions_a_reporter_who_is_told_and_lands_on_the_comment(open_page, demo):
    page = open_page(demo["editor"])
    page.goto("/claims/")
    page.get_by_role("link", name=KHERSON).click()
    discussion = page.get_by_role("region", name="Discussion")
    box = discussion.get_by_label("Add a comment")
    box.press_sequentially("Can you call the city council, @repo")
    suggestion = discussion.get_by_role("option", name="@reporter")
    expect(suggestion).to_be_visible()
    box.press("Enter")  # picks the highlighted person
    expect(box).to_have_value("Can you call the city council, @reporter ")
    box.press_sequentially("today? The **2021** estimate says 283,649.")
    discussion.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_have_text("Comment posted.")
    comment = discussion.locator(".comment").last
    expect(comment).to_contain_text("Can you call the city council, @reporter today?")
    expect(comment.locator("strong", has_text="2021")).to_be_visible()
    claim_url = page.url.split("#")[0]

    reporter = open_page()
    log_in_with_form(reporter, "reporter")
    bell = reporter.get_by_role("link", name=re.compile("Notifications"))
    expect(bell).to_contain_text("1 unread")
    bell.click()
    expect(reporter.get_by_role("heading", name="Notifications")).to_be_visible()
    reporter.get_by_role("link", name=re.compile("^editor mentioned you on claim")).click()
    expect(reporter).to_have_url(re.compile(re.escape(claim_url) + r"#comment-\d+$"))
    anchor = reporter.url.split("#")[1]
    target = reporter.locator(f"#{anchor}")
    expect(target).to_contain_text("Can you call the city council")
    expect(target).to_be_in_viewport()
    expect(reporter.get_by_role("link", name=re.compile("Notifications"))).not_to_contain_text(
        "unread"
    )
    assert serious_accessibility_problems(reporter) == []

    # The reporter answers with a source's handle and a link with an @ in it: they post as
    # they are, and the page says the handle told nobody.
    thread = reporter.get_by_role("region", name="Discussion")
    thread.get_by_label("Add a comment").fill("Source: @UNHCR, https://mastodon.social/@UNHCR/1234")
    thread.get_by_role("button", name="Post comment").click()
    expect(reporter.get_by_text("Nobody was notified for @UNHCR")).to_be_visible()
    answer = thread.locator(".comment").last
    expect(answer.locator(".comment-body a")).to_have_text("https://mastodon.social/@UNHCR/1234")
    expect(answer.locator(".mention")).to_have_count(0)
