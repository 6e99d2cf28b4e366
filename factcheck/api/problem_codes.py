"""Every top-level `code` an API problem document may carry, with its HTTP status and what a
client should do. The API reference lists them under "Problem codes", one anchor each
(`/api/v1/docs/#problem-<code>`), which is where each problem's `type` points
(factcheck.api.errors.TYPE_BASE). tests/api/test_problem_codes.py checks that every code the
refusal family, DRF's mapping and the token checks can send is here."""

from typing import NamedTuple


class ProblemCode(NamedTuple):
    code: str
    status: int  # the HTTP status it is sent with
    meaning: str  # for a person writing a client: what happened, what to do (plain text)


PROBLEM_CODES = (
    ProblemCode("not_authenticated", 401, "No credentials: send Authorization: Bearer <token>."),
    ProblemCode("authentication_failed", 401, "The credentials sent cannot be used."),
    ProblemCode("token_invalid", 401, "Not a valid API token, or the header is malformed."),
    ProblemCode("token_revoked", 401, "The token was revoked: make a new one."),
    ProblemCode("token_expired", 401, "The token has expired: make a new one."),
    ProblemCode("permission_denied", 403, "Your role does not allow this."),
    ProblemCode("not_found", 404, "No such object, or no such endpoint."),
    ProblemCode("method_not_allowed", 405, "This endpoint does not take that HTTP method."),
    ProblemCode("not_acceptable", 406, "The Accept header asks for a format not offered."),
    ProblemCode("unsupported_media_type", 415, "Send the body as application/json."),
    ProblemCode("malformed", 400, "The body is not valid JSON."),
    ProblemCode("invalid", 400, "Some values are invalid: problems lists each with its field."),
    ProblemCode("refused", 400, "The desk refused the request; detail says why."),
    ProblemCode(
        "guard_failed",
        400,
        "The workflow needs more before this move (a note, evidence, methodology): "
        "problems lists everything missing.",
    ),
    ProblemCode(
        "webhook_target_refused",
        400,
        "The webhook address is not one the server will call (not http(s), unresolvable, "
        "or on a private network).",
    ),
    ProblemCode("locked", 409, "The claim has a verdict: reopen it before changing it."),
    ProblemCode(
        "stale",
        412,
        "Someone changed the claim since you read it: read it again, then retry with the new "
        "ETag; current_version says which.",
    ),
    ProblemCode(
        "weak_etag",
        412,
        'If-Match named a weak ETag (W/"…"), which never matches: send the ETag as given.',
    ),
    ProblemCode("version_required", 428, "Send If-Match with the ETag of the claim you read."),
    ProblemCode(
        "transition_not_allowed", 409, "The workflow has no move from this status to that one."
    ),
    ProblemCode("edit_window_closed", 409, "A comment can be changed for 15 minutes only."),
    ProblemCode("draft_decided", 409, "The intake draft was filed or rejected already."),
    ProblemCode(
        "duplicate_claim",
        409,
        "The desk already holds this claim; file it anyway by naming the duplicate you were shown.",
    ),
    ProblemCode(
        "same_figure",
        409,
        "The desk already holds this figure: matches lists the claims (same_figure first), "
        "duplicate the one that is the same claim, if any. Nothing was filed; send the claim "
        'again with "file_anyway": true to file it all the same.',
    ),
    ProblemCode("too_large", 413, "The request body is too large."),
    ProblemCode("throttled", 429, "Too many requests: wait for Retry-After seconds."),
    ProblemCode("server_error", 500, "A fault in the desk, logged for its operators; retry."),
)
