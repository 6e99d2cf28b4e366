"""Headless Chromium for the browser tests and the screenshots command.

We drive Debian's Chromium (`apt-get install chromium`) with Playwright and never download a
browser: `playwright install` fetches binaries from a CDN, which CI and air-gapped newsroom
machines cannot reach.
"""

import os
from pathlib import Path

from django.conf import settings
from django.test import Client

CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def missing_reason():
    """Why the browser cannot run here, in one line with the fix, or None if it can."""
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"Chromium not found at {CHROMIUM}: apt-get install chromium to run the browser tests"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "The playwright package is missing: pip install -r requirements.txt"
    return None


def launch(playwright):
    """Start headless Chromium from a running `sync_playwright()`."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )


def session_cookie(user, base_url):
    """A cookie that signs `user` in at `base_url`, for Playwright's `context.add_cookies`.
    Skips the login form (and its deliberately slow password hashing) where the form is not
    what is being looked at."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": base_url}
