"""Time the claim queue on the current database through Django's test client.

Prints, for the default page, a filtered page, a text search, a "what is counted" filter and a
deep page, the median
time of several requests and the number of SQL queries one request makes. Run it on a
benchmark database filled by `generate_claims`, never on a database people use: it creates
a `bench-editor` user to log in as.
"""

import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.models import Claim
from factcheck.roles import EDITOR, add_to_role

TARGET_MS = {"postgresql": 150, "sqlite": 300}


class Command(BaseCommand):
    help = (
        "Time the claim queue (default, filtered, text search, what is counted, deep page): "
        "median and queries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=11, help="timed requests per page")
        parser.add_argument("--search", default="Mariupol", help="the text search term")
        parser.add_argument(
            "--counted", default="journalists", help="the what-is-counted filter's term"
        )
        parser.add_argument(
            "--filtered",
            default="status=in_review&has_figure=true&sort=-updated",
            help="the filtered page's query string",
        )
        parser.add_argument("--deep-page", type=int, default=1000)

    def handle(self, *args, runs, search, counted, filtered, deep_page, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        claims = Claim.objects.count()
        client = self.logged_in_client()
        url = reverse("claim-list")
        pages = [
            ("default (open, oldest first)", url),
            (f"filtered ({filtered})", f"{url}?{filtered}"),
            (f"text search (q={search})", f"{url}?{urlencode({'q': search})}"),
            (f"counted ({counted})", f"{url}?{urlencode({'counted': counted})}"),
            (f"deep page ({deep_page})", f"{url}?page={deep_page}"),
        ]
        target = TARGET_MS.get(connection.vendor)
        self.stdout.write(
            f"{connection.vendor}, {claims:,} claims, {runs} runs per page"
            + (f", target median < {target} ms" if target else "")
        )
        for name, path in pages:
            status, queries = self.count_queries(client, path)
            if status != 200:
                self.stdout.write(f"  {name}: HTTP {status}, not timed")
                continue
            median = self.median_ms(client, path, runs)
            verdict = "" if target is None else (" ok" if median < target else " OVER TARGET")
            self.stdout.write(f"  {name}: median {median:.1f} ms, {queries} queries{verdict}")

    def logged_in_client(self):
        user, created = get_user_model().objects.get_or_create(username="bench-editor")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            add_to_role(user, EDITOR)
        # The test client's default host is not in ALLOWED_HOSTS outside the test runner.
        host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "127.0.0.1")
        client = Client(SERVER_NAME=host.lstrip("."))
        client.force_login(user)
        return client

    @staticmethod
    def count_queries(client, path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, secure=True)
        return response.status_code, len(captured)

    @staticmethod
    def median_ms(client, path, runs):
        client.get(path, secure=True)  # warm caches once, as a working server would be
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)
