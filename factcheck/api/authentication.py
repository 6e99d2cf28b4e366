"""Who is calling: `Authorization: Bearer <token>` for programs, the session for people
reading the API reference in their browser. A token acts with exactly its user's roles."""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from factcheck.api.tokens import TokenRefused, find_token

KEYWORD = "Bearer"


class TokenFailed(exceptions.AuthenticationFailed):
    """A Bearer token was sent but cannot be used; `default_code` is replaced per case."""

    def __init__(self, refused: TokenRefused):
        super().__init__(str(refused), code=refused.code)
        self.problem_code = refused.code


def bearer_token(request) -> str | None:
    """The token in a Django request's Authorization header, None when the header is not a
    Bearer one. Raises TokenRefused for a Bearer header without exactly one token."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != KEYWORD.lower():
        return None
    parts = rest.split()
    if len(parts) != 1:
        raise TokenRefused("Send the header as: Authorization: Bearer <token>.", "token_invalid")
    return parts[0]


class BearerTokenAuthentication(BaseAuthentication):
    """DRF authentication by API token. `request.auth` is the token's row, which the
    throttle uses to count requests per token."""

    def authenticate(self, request):
        try:
            token = bearer_token(request._request)
            if token is None:
                return None
            row = find_token(token)
        except TokenRefused as refused:
            raise TokenFailed(refused) from None
        return row.user, row

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{KEYWORD} realm="api"'
