"""Requests no page of ours can send, refused with a 400 and a plain message before any view
(or the CSRF check, which reads the form) sees them.

- A form whose Content-Type declares a charset other than UTF-8 (`charset=utf-16`,
  `latin-1`): our pages send UTF-8 only, and a form decoded in another charset would store
  mojibake or fail to decode.
- A NUL character in any parameter name or value: PostgreSQL cannot store or compare text
  holding one, and no person types it.
- An admin date drill-down (`…__year`, `__month`, `__day`) that is not a plain number of at
  most four digits: the admin turns the value into a date and fails on 99999999999999999999.
  Values it can read but which name no date (year 0, month 13) it answers itself (`?e=1`).
"""

import re

from django.http import HttpResponseBadRequest

from factcheck.http_errors import API_PREFIX

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
DATE_PART = re.compile(r"__(year|month|day)$")
SHORT_NUMBER = re.compile(r"[0-9]{1,4}")


def problem_with(request) -> str | None:
    """What is wrong with `request` in the sense above, in words; None when nothing is."""
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in FORM_TYPES:
        charset = (request.content_params.get("charset") or "utf-8").strip().lower()
        if charset not in UTF8_NAMES:
            return f"Forms are read as UTF-8 only; this one declares charset={charset}."
    parameters = [request.GET]
    if request.method == "POST" and content_type in FORM_TYPES:
        parameters.append(request.POST)
    for query in parameters:
        for name, values in query.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return "Text may not hold NUL characters (\\x00)."
            if DATE_PART.search(name) and not all(SHORT_NUMBER.fullmatch(v) for v in values):
                return f"{name} must be a year, month or day in digits."
    return None


class RequestChecksMiddleware:
    """Answer 400 with the problem (see the module) instead of letting a view meet it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers its own bad input, as problem documents (factcheck.api.errors), and
        # reads its own bodies: reading request.POST here would consume them.
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        problem = problem_with(request)
        if problem:
            return HttpResponseBadRequest(
                f"Bad request: {problem}\n", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
