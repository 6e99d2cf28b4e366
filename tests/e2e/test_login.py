"""Logging in, as a person does it: the form, a wrong password, the queue behind it."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import log_in_with_form


def test_a_wrong_password_is_refused_with_a_message_and_the_username_kept(page, demo):
    log_in_with_form(page, "editor", password="not the password")

    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_label("Username")).to_have_value("editor")


def test_an_editor_logs_in_and_lands_on_the_queue_of_the_article_s_claims(page, demo):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # every page needs a login

    log_in_with_form(page, "editor")

    expect(page.get_by_text("Signed in as editor")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim queue")
    for statement in [  # open claims: the queue shows them whatever its filters
        "Kherson is a Black Sea shipbuilding city of 280,000.",
        "The exodus from Ukraine is the swiftest refugee exodus this century.",
        "Ukraine's military infrastructure threatens Russia.",
    ]:
        expect(page.get_by_role("link", name=re.compile(re.escape(statement)))).to_be_visible()
