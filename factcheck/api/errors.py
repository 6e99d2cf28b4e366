"""The API's one exception handler: every error as an RFC 9457 problem document
(`application/problem+json`), never an HTML page.

    {"type": "/api/v1/docs/#problem-stale", "title": "…", "status": 412,
     "detail": "editor2 changed this claim …", "code": "stale",
     "problems": [{"code": "note_required", "message": "…", "field": "note"}]}

`code` is the stable code of the refusal family (`factcheck.errors`); guards and validation
list each problem with its own code and field. Refusals come as `Refusal.as_dict()` says;
DRF's and Django's own errors get codes of the same kind here.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from factcheck.errors import Refusal, StaleClaimError, as_refusal

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
# Each code is explained in the API reference (/api/v1/docs/), which is where `type` points.
TYPE_BASE = "/api/v1/docs/#problem-"

# DRF exception class -> our stable code.
DRF_CODES = [
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "authentication_failed"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "throttled"),
    (exceptions.ParseError, "malformed"),
    (exceptions.ValidationError, "invalid"),
]


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "version_required"
    default_detail = (
        "Send the version you are changing: If-Match with the ETag of the claim you read."
    )


class WeakETag(exceptions.APIException):
    """If-Match named a weak ETag, which never matches (RFC 9110 §13.1.1: strong comparison)."""

    status_code = 412
    default_code = "weak_etag"
    default_detail = (
        'A weak ETag (W/"…") never matches If-Match: send the ETag as the claim gave it, '
        'e.g. If-Match: "claim-12-v3".'
    )


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"


def problem_body(*, status_code, code, detail, title=None, problems=(), **extra) -> dict:
    """An RFC 9457 problem document as data."""
    return {
        "type": TYPE_BASE + code,
        "title": title or detail,
        "status": status_code,
        "detail": detail,
        "code": code,
        "problems": list(problems),
        **extra,
    }


def problem_response(*, status_code, code, detail, headers=None, **fields):
    body = problem_body(status_code=status_code, code=code, detail=detail, **fields)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)


def refusal_response(refusal: Refusal):
    data = refusal.as_dict()
    status_code = data["status"]
    # What a refusal carries beyond the common fields (a same-figure hold's matches).
    extra = {k: v for k, v in data.items() if k not in ("code", "status", "message", "problems")}
    if isinstance(refusal, StaleClaimError):
        # Over HTTP the version a client sends is a precondition (If-Match): 412, with what
        # changed, as the claim page says it, and the ETag to start again from.
        status_code = status.HTTP_412_PRECONDITION_FAILED
        extra = {"current_version": refusal.claim.version}
    return problem_response(
        status_code=status_code,
        code=data["code"],
        detail=data["message"],
        problems=data["problems"],
        **extra,
    )


def field_problems(detail, field=None):
    """DRF's nested validation detail as flat problems, each with its field and code."""
    if isinstance(detail, dict):
        for name, value in detail.items():
            inner = name if name != "non_field_errors" else None
            yield from field_problems(value, f"{field}.{inner}" if field and inner else inner)
    elif isinstance(detail, list):
        for item in detail:
            yield from field_problems(item, field)
    else:
        yield {
            "code": getattr(detail, "code", None) or "invalid",
            "message": str(detail),
            "field": field,
        }


def drf_response(exc: exceptions.APIException):
    code = getattr(exc, "problem_code", None) or next(
        (code for kind, code in DRF_CODES if isinstance(exc, kind)), None
    )
    code = code or exc.default_code
    headers = {}
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.ValidationError):
        problems = list(field_problems(exc.detail))
        detail = " ".join(
            f"{p['field']}: {p['message']}" if p["field"] else p["message"] for p in problems
        )
        return problem_response(
            status_code=exc.status_code,
            code="invalid",
            title="The request has invalid values.",
            detail=detail,
            problems=problems,
        )
    return problem_response(
        status_code=exc.status_code, code=code, detail=str(exc.detail), headers=headers
    )


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: any exception raised in an API view as a problem
    document. An unexpected one is logged and answered 500 as a problem too."""
    if isinstance(exc, Http404):
        return problem_response(status_code=404, code="not_found", detail="Not found.")
    if isinstance(exc, RequestDataTooBig):
        # DRF reads a JSON body through request.body, which Django refuses beyond
        # DATA_UPLOAD_MAX_MEMORY_SIZE before our parser's own cap is asked.
        return problem_response(
            status_code=413, code="too_large", detail="The request body is too large."
        )
    if isinstance(exc, exceptions.APIException):
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            view = context.get("view")
            request = context.get("request")
            if view is not None and request is not None:
                exc.auth_header = view.get_authenticate_header(request)
        return drf_response(exc)
    if isinstance(exc, Refusal | DjangoPermissionDenied | DjangoValidationError):
        return refusal_response(as_refusal(exc))
    logger.exception("Unexpected error in the API", exc_info=exc)
    return problem_response(
        status_code=500,
        code="server_error",
        detail="Something went wrong on our side. Try again later; if it persists, tell us.",
    )
