"""Refusals as HTML responses: the one place the web pages turn a service's refusal into an
HTTP status and a message.

Views that can show the refusal on their own page (keeping what the user typed) call
`refusal_context` and answer with `refusal.status`; anything they let through is caught by
`RefusalMiddleware` and shown on a short page with the same status. The status of each kind
of refusal is set on its class in `factcheck.errors`, so every interface agrees.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from factcheck.errors import GuardFailed, InvalidInput, Refusal, as_refusal

# Query strings no page can use: PostgreSQL refuses NUL in text ("A string literal cannot
# contain NUL"), so a NUL in a filter or search would end in a 500 at query time.
API_PREFIX = "/api/"
NUL_IN_ADDRESS = InvalidInput(
    "The address holds a NUL character (%00), which no filter or search accepts. "
    "Remove it and try again."
)
# The admin's filters and date hierarchy parse numbers themselves; a year or id too large for
# the machine raises OverflowError deep inside Django's ChangeList.
OUT_OF_RANGE = InvalidInput("A filter's value is out of range. Remove it and try again.")


def refusal_context(error) -> dict:
    """What a page shows for a refusal: a headline and, for guards and validation, the list
    of problems (each a Problem with its code and field)."""
    refusal = as_refusal(error)
    if isinstance(refusal, GuardFailed):
        return {
            "headline": f"Cannot {refusal.transition.label.lower()} yet:",
            "problems": refusal.problems,
        }
    return {"headline": str(refusal), "problems": []}


def refusal_response(request, error):
    """A short page for a refusal nobody showed in place, with the refusal's HTTP status."""
    refusal = as_refusal(error)
    return render(
        request,
        "refusal.html",
        {"refusal": refusal, **refusal_context(refusal)},
        status=refusal.status,
    )


class RefusalMiddleware:
    """Answer any Refusal a view let through with its status and message, never a 500.
    Permission refusals are left to Django's 403 handler (templates/403.html)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers its own bad input, as problem documents (factcheck.api.errors).
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if any("\x00" in name or "\x00" in "".join(values) for name, values in request.GET.lists()):
            return refusal_response(request, NUL_IN_ADDRESS)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refusal) and not isinstance(exception, PermissionDenied):
            return refusal_response(request, exception)
        if isinstance(exception, OverflowError) and request.method == "GET":
            return refusal_response(request, OUT_OF_RANGE)
        return None
