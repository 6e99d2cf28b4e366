"""Browser tests: Debian's Chromium, driven by Playwright, against `live_server`.

Without Chromium they are skipped with one line saying how to enable them; with
FACTCHECK_REQUIRE_BROWSER=1 (CI sets it) a missing browser is an error instead.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from factcheck import browser
from factcheck.management.commands.create_demo_users import DEMO_USERS
from tests.factories import UserFactory

HERE = Path(__file__).parent
MISSING = browser.missing_reason()


def _is_browser_test(item):
    return HERE in Path(item.path).parents


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if _is_browser_test(item)]
    if not browser_tests:
        return
    # Last: they are the slowest, and their database flushes must not precede other tests.
    items[:] = [item for item in items if not _is_browser_test(item)] + browser_tests
    if MISSING is None:
        return
    if os.environ.get("FACTCHECK_REQUIRE_BROWSER", "").lower() in {"1", "true", "yes", "on"}:
        raise pytest.UsageError(f"FACTCHECK_REQUIRE_BROWSER is set but {MISSING}")
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=MISSING))
    config._factcheck_browser_skipped = len(browser_tests)


def pytest_terminal_summary(terminalreporter, config):
    skipped = getattr(config, "_factcheck_browser_skipped", 0)
    if skipped:
        terminalreporter.write_line(f"{skipped} browser tests skipped. {MISSING}.", yellow=True)


# --- The browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop in this thread; Django refuses ORM calls
        # from it unless told that the test code is synchronous anyway. Only while it runs:
        # `manage.py check --deploy` in a subprocess must not inherit this.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            instance = browser.launch(playwright)
            yield instance
            instance.close()


@pytest.fixture
def open_page(chromium, server):
    """`open_page(user=None, viewport=browser.DESKTOP)`: a page in a fresh browser context
    (its own cookies), signed in as `user` if one is given."""
    contexts = []

    def open_(user=None, viewport=browser.DESKTOP):
        context = chromium.new_context(
            base_url=server.url, viewport=viewport, accept_downloads=True
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            context.add_cookies([browser.session_cookie(user, server.url)])
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A page with nobody signed in."""
    return open_page()


# --- Data -------------------------------------------------------------------------------------


@pytest.fixture
def server(live_server, migrated_data):
    """The app, served, on the database as the migrations left it (see tests/conftest.py)."""
    return live_server


@pytest.fixture
def demo(server):
    """The demo accounts (password: helpers.PASSWORD) and the article's claims, by username."""
    users = {name: UserFactory(username=name, role=role) for name, role in DEMO_USERS}
    call_command("loaddata", "demo", verbosity=0)
    return users
