"""Time the API's claim list next to the queue page, on the same data and at the same depth.

For page 1 and for a position deep into the open claims (page N of the queue, and the API's
cursor that starts at the same claim), prints the median time of several requests and the
SQL queries one request makes. Run it on a benchmark database filled by `generate_claims`
(its name must contain `bench`): it creates a `bench-editor` user and an API token.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.http import QueryDict
from django.test import Client

from factcheck.api.pagination import cursor_for
from factcheck.api.tokens import create_token
from factcheck.management.commands.bench_queue import Command as QueueBench
from factcheck.models import Claim
from factcheck.queue import selectors
from factcheck.queue.filters import DEFAULT_SORT, SORTS, ClaimFilter

TARGET_RATIO = 1.5


class Command(QueueBench):
    help = "Time GET /api/v1/claims/ against the queue page: page 1 and deep, median and queries."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=11, help="timed requests per page")
        parser.add_argument("--deep-page", type=int, default=1000)

    def handle(self, *args, runs, deep_page, **options):
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run this on a benchmark database (its name contains 'bench').")
        if runs < 1 or deep_page < 2:
            raise CommandError("--runs must be at least 1 and --deep-page at least 2.")
        # The benchmark's own requests must not hit the per-token rate limit.
        settings.FACTCHECK_API_RATE = 10**9
        queue = self.logged_in_client()
        user = queue.session.get("_auth_user_id")
        token = create_token(user=self.bench_user(user), name="bench_api")[1]
        api = Client(SERVER_NAME=queue.defaults["SERVER_NAME"])
        api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        cursor = self.cursor_at((deep_page - 1) * selectors.PAGE_SIZE)
        pairs = [
            ("page 1 (open, oldest first)", "/claims/", "/api/v1/claims/"),
            (
                f"deep: page {deep_page:,} / the cursor at the same claim",
                f"/claims/?page={deep_page}",
                f"/api/v1/claims/?cursor={cursor}",
            ),
        ]
        self.stdout.write(
            f"{connection.vendor}, {Claim.objects.count():,} claims, {runs} runs each, "
            f"{selectors.PAGE_SIZE} claims a page, target: API within {TARGET_RATIO}x of the queue"
        )
        for name, page_path, api_path in pairs:
            timings = []
            for client, path in ((queue, page_path), (api, api_path)):
                status, queries = self.count_queries(client, path)
                if status != 200:
                    raise CommandError(f"{path}: HTTP {status}")
                timings.append((self.median_ms(client, path, runs), queries))
            (page_ms, page_q), (api_ms, api_q) = timings
            ratio = api_ms / page_ms
            verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
            self.stdout.write(
                f"  {name}: queue {page_ms:.1f} ms ({page_q} queries), "
                f"API {api_ms:.1f} ms ({api_q} queries), {ratio:.2f}x {verdict}"
            )

    @staticmethod
    def bench_user(pk):
        return get_user_model().objects.get(pk=pk)

    @staticmethod
    def cursor_at(offset):
        """The API cursor that continues after the claim at `offset` of the open claims."""
        filterset = ClaimFilter(QueryDict(), queryset=Claim.objects.all())
        filterset.is_valid()
        found = list(filterset.qs.select_related("claimant")[offset - 1 : offset])
        if not found:
            raise CommandError("There are not that many open claims: choose a smaller --deep-page.")
        return cursor_for(DEFAULT_SORT, SORTS[DEFAULT_SORT][1], found[0])
