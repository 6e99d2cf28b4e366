"""Correcting a claimant: a fair correction even on claims with a verdict (the claimant's name
is how readers find the claim), but never a silent one. Every claim of the claimant records
the change in its history, and the claim page shows it."""

from django.db import transaction

from factcheck.errors import NotPermitted
from factcheck.history.recorder import as_text
from factcheck.models import Claimant, ClaimChange
from factcheck.permissions import can_change_claimant

# The claimant's fields a correction may change, and how the claims' history names each.
RECORDED = {"name": "claimant", "kind": "claimant_kind", "url": "claimant_url"}
RENAME_NOTE = "The claimant was corrected; this claim's claimant reads differently since."


def change_claimant(*, claimant: Claimant, actor, data: dict) -> Claimant:
    """Set `data` (any of name, kind, url; cleaned values) on `claimant` and record each
    change on every claim of the claimant (a ClaimChange with `field` "claimant",
    "claimant_kind" or "claimant_url", old and new value as text), in one transaction.
    Raises NotPermitted if `actor` may not change claimants. Returns the saved claimant."""
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
        claim_ids = list(current.claims.values_list("pk", flat=True))
        ClaimChange.objects.bulk_create(
            ClaimChange(
                claim_id=claim_id,
                actor=actor,
                field=RECORDED[field],
                old_value=as_text(old),
                new_value=as_text(new),
                note=RENAME_NOTE,
            )
            for claim_id in claim_ids
            for field, (old, new) in changes.items()
        )
    return current
