"""Per-token rate limiting: at most FACTCHECK_API_RATE requests per token in each window of
FACTCHECK_API_RATE_WINDOW_SECONDS, counted in the token's own row (see tokens.record_use),
so several app servers share one count. Over the limit: 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from factcheck.api.tokens import record_use
from factcheck.models import ApiToken


def over_limit(row: ApiToken) -> float | None:
    """Count one request by token `row`; the seconds to wait if it is over the limit, else
    None. Also what the export downloads call when a token is used there."""
    count, remaining = record_use(row)
    return remaining if count > settings.FACTCHECK_API_RATE else None


class TokenRateThrottle(BaseThrottle):
    """Counts requests made with a token; people using the API reference through their
    session are not counted (they are not programs)."""

    def allow_request(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        self._wait = over_limit(request.auth)
        return self._wait is None

    def wait(self):
        return self._wait
