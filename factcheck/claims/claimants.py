"""Correcting a claimant: a fair correction even on claims with a verdict (the claimant's name
is how readers find the claim), but never a silent one. Every claim of the claimant records
the change in its history (the claim page shows it), writes a `claim.edited` event (webhook
receivers learn the new name) and tells its watchers, as an edit of the claim does."""

from django.db import transaction
from django.utils import timezone

from factcheck.errors import NotPermitted
from factcheck.events.services import actor_name, emit_many
from factcheck.history.recorder import as_text
from factcheck.models import Claim, Claimant, ClaimChange, EventType
from factcheck.notifications import dispatch
from factcheck.permissions import can_change_claimant

# The claimant's fields a correction may change, and how the claims' history names each.
RECORDED = {"name": "claimant", "kind": "claimant_kind", "url": "claimant_url"}
RENAME_NOTE = "The claimant was corrected; this claim's claimant reads differently since."


def change_claimant(*, claimant: Claimant, actor, data: dict) -> Claimant:
    """Set `data` (any of name, kind, url; cleaned values) on `claimant` and, in one
    transaction, record each change on every claim of the claimant: a ClaimChange with
    `field` "claimant", "claimant_kind" or "claimant_url" (old and new value as text), one
    `claim.edited` event per claim listing its changes (the claim in it carries the new
    name), and a notification to the claim's watchers (not `actor`). Nothing is recorded if
    nothing changed. Raises NotPermitted if `actor` may not change claimants, ValidationError
    if the values do not fit the model. Returns the saved claimant."""
    if not can_change_claimant(actor):
        raise NotPermitted("You do not have permission to change claimants.")
    with transaction.atomic():
        current = Claimant.objects.select_for_update().get(pk=claimant.pk)
        changes = {
            field: (getattr(current, field), value)
            for field, value in data.items()
            if field in RECORDED and as_text(getattr(current, field)) != as_text(value)
        }
        for field, (_old, new) in changes.items():
            setattr(current, field, new)
        current.full_clean()
        current.save()
        if changes:
            _record_on_claims(current, actor, changes)
    return current


def _record_on_claims(claimant, actor, changes):
    """The audit rows, events and notifications of `changes` ({field: (old, new)}) on every
    claim of `claimant`, in a few queries however many claims name it."""
    at = timezone.now()
    claims = list(Claim.objects.filter(claimant=claimant).only("pk", "statement").order_by("pk"))
    rows = [
        ClaimChange(
            claim=claim,
            actor=actor,
            field=RECORDED[field],
            old_value=as_text(old),
            new_value=as_text(new),
            note=RENAME_NOTE,
            changed_at=at,
        )
        for claim in claims
        for field, (old, new) in changes.items()
    ]
    ClaimChange.objects.bulk_create(rows)
    # The same changes on every claim: one list of them serves each claim's event.
    listed = [{"field": row.field, "from": row.old_value, "to": row.new_value} for row in rows]
    listed = listed[: len(changes)]
    emit_many(
        type=EventType.CLAIM_EDITED,
        data_by_claim={
            claim.pk: {"actor": actor_name(actor), "note": RENAME_NOTE, "changes": listed}
            for claim in claims
        },
        at=at,
    )
    dispatch.claimant_corrected(
        claims=claims, actor=actor, changes=[RECORDED[field] for field in changes]
    )
