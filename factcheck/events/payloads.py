"""What an event carries: the claim as the API shows it, and JSON text with exact numbers.

`data.claim` of an event is `api.serializers.claims.claim_data`: the claim exactly as a row
of GET /api/v1/claims/ (ClaimSerializer), so a webhook receiver and an API client read one
representation. Figures are JSON numbers exact to the last stored digit (`1000000`, `2.5`),
never strings and never rounded through a float.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from factcheck.api.serializers.claims import CLAIM_RELATED, claim_data
from factcheck.claims.figures import plain_number
from factcheck.exports.writers import iso
from factcheck.models import Claim


def claim_representation(claim_id: int) -> dict:
    """The claim `claim_id` as stored now, as the API shows it (`claim_data`), read in one
    query: events are written inside the change's transaction, so this stays cheap."""
    return claim_data(Claim.objects.select_related(*CLAIM_RELATED).get(pk=claim_id))


def claim_representations(claim_ids) -> dict:
    """claim id -> `claim_representation` of each of `claim_ids`, read in one query (batch
    writers: the importer's `claim.imported` events)."""
    claims = Claim.objects.select_related(*CLAIM_RELATED).filter(pk__in=list(claim_ids))
    return {claim.pk: claim_data(claim) for claim in claims}


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
