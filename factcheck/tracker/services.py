"""Services for tracked quantities: create one, and attach claims to it (or move or detach them).

Which quantity a claim counts is filing, not content: attaching is allowed whatever the claim's
status (a confirmed figure belongs in the tracker most of all) and does not bump the version
that protects the claim's content. It still needs its own permission.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.errors import NotPermitted
from factcheck.history.recorder import record_change
from factcheck.models import Claim, TrackedQuantity, is_storable_id
from factcheck.permissions import can_attach, can_create_quantity
from factcheck.tracker.rules import attach_problem

QUANTITY_FIELDS = ("name", "counted", "unit", "place", "description")


@transaction.atomic
def create_quantity(*, actor, data):
    """Create a tracked quantity from `data` (field name -> value) on behalf of `actor`."""
    if not can_create_quantity(actor):
        raise NotPermitted("You do not have permission to add tracked quantities.")
    unknown = set(data) - set(QUANTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    quantity = TrackedQuantity(**data)
    quantity.full_clean()
    quantity.save()
    return quantity


@transaction.atomic
def attach_claims(*, claim_ids, quantity, actor):
    """Attach the claims `claim_ids` to `quantity` (moving them from any other one), or detach
    them with `quantity=None`. All or nothing: raises PermissionDenied, or ValidationError
    listing every claim that is unknown, has no figure or has another unit; then nothing is
    written. Each claim whose quantity changes gets an audit row. Returns the number of
    claims whose quantity changed."""
    if not can_attach(actor):
        raise NotPermitted("You do not have permission to attach claims to quantities.")
    ids = {int(pk) for pk in claim_ids}
    if not ids:
        raise ValidationError("Select at least one claim.")
    # An id beyond the database's range names no claim: reported as missing, never bound.
    storable = [pk for pk in ids if is_storable_id(pk)]
    claims = list(
        Claim.objects.select_for_update(of=("self",)).filter(pk__in=storable).order_by("pk")
    )
    problems = []
    missing = ids - {claim.pk for claim in claims}
    if missing:
        problems.append(f"No claim {', '.join(str(pk) for pk in sorted(missing))}.")
    if quantity is not None:
        problems += [p for claim in claims if (p := attach_problem(claim, quantity))]
    if problems:
        raise ValidationError(problems)
    target = quantity.pk if quantity is not None else None
    changing = [claim for claim in claims if claim.quantity_id != target]
    at = timezone.now()
    moved = Claim.objects.filter(pk__in=[claim.pk for claim in changing]).update(quantity=quantity)
    # After the update: the event carries each claim as filed now.
    for claim in changing:
        record_change(
            claim=claim, actor=actor, field="quantity", old=claim.quantity, new=quantity, at=at
        )
    return moved
