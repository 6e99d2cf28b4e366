"""Downloads (the figures exports, a quantity's series) for programs: a page view wrapped so
that `Authorization: Bearer <token>` works as well as a signed-in session, with the token's
rate limit. Without a token the page's own rules apply (login redirect)."""

import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse

from factcheck.api.authentication import bearer_token
from factcheck.api.errors import PROBLEM_TYPE, problem_body
from factcheck.api.throttling import over_limit
from factcheck.api.tokens import TokenRefused, find_token


def _problem(status, code, detail, **headers):
    body = problem_body(status_code=status, code=code, detail=detail)
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    for name, value in headers.items():
        response[name] = value
    return response


def token_or_login(view):
    """`view` for a token's user or a signed-in person; 401 (problem document) for a bad
    token, 429 over the token's limit, the login page for anyone else."""

    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            token = bearer_token(request)
            row = find_token(token) if token is not None else None
        except TokenRefused as refused:
            return _problem(401, refused.code, str(refused), **{"WWW-Authenticate": "Bearer"})
        if row is not None:
            wait = over_limit(row)
            if wait is not None:
                return _problem(
                    429,
                    "throttled",
                    "Too many requests with this token.",
                    **{"Retry-After": str(max(1, int(wait + 0.999)))},
                )
            request.user = row.user
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
