"""What an event carries: the claim as the API shows it, and JSON text with exact numbers.

`claim_representation` is the one description of a claim for machines (webhook payloads now;
the REST API's claim serializer is to share it). Figures are JSON numbers exact to the last
stored digit (`1000000`, `2.5`), never strings and never rounded through a float.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

from factcheck.claims.figures import plain_number
from factcheck.exports.writers import iso
from factcheck.models import Claim, Evidence


def claim_representation(claim: Claim, evidence_urls: list[str] | None = None) -> dict:
    """The claim as a plain dict: id, statement, claimant {id, name, kind}, value, value_high
    (Decimal or None; `to_json` writes them as exact JSON numbers), qualifier, unit, counted,
    place, as_of (ISO date or None), status, version, assigned_to (user name or None),
    quantity ({id, name} or None) and urls {html (absolute, from FACTCHECK_BASE_URL), source
    (or None), evidence (oldest first)}. `claim` should come with its claimant, assignee and
    quantity selected (see `load_claim`); `evidence_urls` is read if not given."""
    if evidence_urls is None:
        evidence_urls = list(
            Evidence.objects.filter(claim_id=claim.pk)
            .order_by("added_at", "id")
            .values_list("url", flat=True)
        )
    return {
        "id": claim.pk,
        "statement": claim.statement,
        "claimant": {
            "id": claim.claimant_id,
            "name": claim.claimant.name,
            "kind": claim.claimant.kind,
        },
        "value": claim.value,
        "value_high": claim.value_high,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "counted": claim.counted,
        "place": claim.place,
        "as_of": iso(claim.as_of),
        "status": claim.status,
        "version": claim.version,
        "assigned_to": claim.assigned_to.get_username() if claim.assigned_to_id else None,
        "quantity": (
            {"id": claim.quantity_id, "name": claim.quantity.name} if claim.quantity_id else None
        ),
        "urls": {
            "html": settings.FACTCHECK_BASE_URL + claim.get_absolute_url(),
            "source": claim.source_url or None,
            "evidence": evidence_urls,
        },
    }


def load_claim(claim_id: int) -> Claim:
    """The claim as stored now, with what `claim_representation` reads."""
    return Claim.objects.select_related("claimant", "assigned_to", "quantity").get(pk=claim_id)


def to_json(value) -> str:
    """`value` (dicts, lists, str, int, bool, None, Decimal, date, datetime) as JSON text:
    Decimals exactly as stored (`2.5`, `1000000`), dates and times ISO 8601 (UTC)."""
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k))}: {to_json(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, datetime | date):
        return json.dumps(iso(value))
    return json.dumps(value, ensure_ascii=False)


def body(*, type: str, timestamp: datetime, data: str) -> str:
    """The webhook body: {"type", "timestamp", "data"}, `data` being the event's JSON text."""
    return (
        f'{{"type": {json.dumps(type)}, "timestamp": {json.dumps(iso(timestamp))}, "data": {data}}}'
    )
