"""Screenshots of the app for the README, taken in headless Chromium (`make screenshots`)."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test.testcases import LiveServerThread
from django.urls import reverse

from factcheck import browser
from factcheck.models import Claim

# The demo's best-documented claim: a figure, methodology notes, evidence and a history.
SHOWCASE_STATEMENT = "At least 227 civilians have been killed"


class Command(BaseCommand):
    help = (
        "Screenshot the queue, a claim page and the export page into docs/screenshots/ as PNG, "
        "from the database the app uses (load the demo first; `make screenshots` does it all "
        "on a fresh demo database). Needs Chromium at /usr/bin/chromium."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "screenshots",
            help="Folder for the PNG files (default: docs/screenshots).",
        )
        parser.add_argument(
            "--user", default="editor", help="Whose view to show (default: editor)."
        )

    def handle(self, *args, output, user, **options):
        problem = browser.missing_reason()
        if problem:
            raise CommandError(problem)
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user {user!r}: load the demo first (make demo).")
        showcase = Claim.objects.filter(statement__startswith=SHOWCASE_STATEMENT).first()
        if showcase is None:
            raise CommandError("The demo claims are missing: load them first (make demo).")
        output.mkdir(parents=True, exist_ok=True)

        server = LiveServerThread("localhost", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"Could not serve the app: {server.error}")
        try:
            base_url = f"http://localhost:{server.port}"
            cookie = browser.session_cookie(account, base_url)
            self._shoot(base_url, cookie, self._pages(showcase), output)
        finally:
            server.terminate()

    def _pages(self, showcase):
        return [
            ("queue.png", reverse("claim-list"), browser.DESKTOP),
            ("claim.png", showcase.get_absolute_url(), browser.DESKTOP),
            ("claim-phone.png", showcase.get_absolute_url(), browser.PHONE),
            ("exports.png", "/exports/", browser.DESKTOP),
        ]

    def _shoot(self, base_url, cookie, pages, output):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            for filename, path, viewport in pages:
                context = chromium.new_context(base_url=base_url, viewport=viewport)
                context.add_cookies([cookie])
                page = context.new_page()
                response = page.goto(path)
                if not response.ok:
                    raise CommandError(f"{path} answered {response.status}: {filename} not taken.")
                target = output / filename
                page.screenshot(path=target, full_page=True)
                context.close()
                size = target.stat().st_size // 1024
                self.stdout.write(f"{target} ({viewport['width']} px wide, {size} KB)")
            chromium.close()
