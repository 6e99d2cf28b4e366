"""Claim versions over HTTP: the ETag of a claim carries its version, and a change names the
version it was made from in If-Match (RFC 9110 §13.1.1). Missing: 428. Another version:
the service refuses it as stale, which the API answers 412 with who changed what. A weak
ETag (`W/"claim-12-v3"`) never matches: If-Match compares strongly (RFC 9110 §13.1.1), and
a weak validator says only "about the same", which is not enough to write over; 412
`weak_etag`. The desk never sends one."""

import re

from rest_framework.exceptions import ValidationError

from factcheck.api.errors import PreconditionRequired, WeakETag

ETAG = re.compile(r'^(?P<weak>W/)?"claim-(?P<claim>\d{1,19})-v(?P<version>\d{1,10})"$')


def etag(claim) -> str:
    """'"claim-12-v3"' for version 3 of claim 12."""
    return f'"claim-{claim.pk}-v{claim.version}"'


def expected_version(request, claim_id: int) -> int:
    """The version named by the request's If-Match for claim `claim_id`. Raises
    PreconditionRequired (428) without one, ValidationError (400) for an ETag that is not a
    claim's, WeakETag (412) for a weak one; an ETag of another claim can never match, so it
    names version 0 (stale)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        raise PreconditionRequired()
    match = ETAG.match(header)
    if match is None:
        raise ValidationError(
            {"If-Match": ['Send one ETag as the claim gave it, e.g. If-Match: "claim-12-v3".']},
            code="invalid",
        )
    if match["weak"]:
        raise WeakETag()
    if int(match["claim"]) != claim_id:
        return 0
    return int(match["version"])
