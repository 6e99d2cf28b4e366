"""Services for tracked quantities: create one, and attach claims to it (or move or detach them).

Which quantity a claim counts is filing, not content: attaching is allowed whatever the claim's
status (a confirmed figure belongs in the tracker most of all) and does not bump the version
that protects the claim's content. It still needs its own permission.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.errors import NotPermitted
from factcheck.history.recorder import field_changes, record_change
from factcheck.models import Claim, QuantityChange, TrackedQuantity, is_storable_id
from factcheck.permissions import can_attach, can_change_quantity, can_create_quantity
from factcheck.text import fold
from factcheck.tracker.rules import attach_problem

QUANTITY_FIELDS = ("name", "counted", "unit", "place", "description")


@transaction.atomic
def create_quantity(*, actor, data: dict) -> TrackedQuantity:
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
def update_quantity(*, quantity, actor, data: dict) -> TrackedQuantity:
    """Change a tracked quantity's fields (`data`: field of QUANTITY_FIELDS -> value) on
    behalf of `actor`, appending one QuantityChange per field that changes, in the same
    transaction. A new unit must still fit every attached claim (tracker.rules). Raises
    NotPermitted, or ValidationError (field -> messages); then nothing is written."""
    if not can_change_quantity(actor):
        raise NotPermitted("You do not have permission to edit tracked quantities.")
    unknown = set(data) - set(QUANTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    current = TrackedQuantity.objects.select_for_update().get(pk=quantity.pk)
    before = {name: getattr(current, name) for name in QUANTITY_FIELDS}
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    if current.unit.strip() != before["unit"].strip():
        misfits = unit_change_problems(current)
        if misfits:
            raise ValidationError({"unit": misfits})
    current.save()
    QuantityChange.objects.bulk_create(
        field_changes(
            QuantityChange,
            before=before,
            after=current,
            fields=QUANTITY_FIELDS,
            quantity=current,
            actor=actor,
            changed_at=timezone.now(),
        )
    )
    return current


def unit_change_problems(quantity) -> list[str]:
    """What stops `quantity` (its unit just changed, not yet saved) from being saved: the
    attached claims whose figures are in another unit; [] when none."""
    misfits = [
        p for c in Claim.objects.filter(quantity=quantity) if (p := attach_problem(c, quantity))
    ]
    return ["Detach or change these claims first.", *misfits] if misfits else []


def counted_differs(claim, quantity) -> bool:
    """Whether `claim` says it counts something other than `quantity` does ("people in
    shelters" under "people displaced"), compared as factcheck.text.fold compares text."""
    return fold(claim.counted) != fold(quantity.counted)


@transaction.atomic
def attach_claims(*, claim_ids, quantity: TrackedQuantity | None, actor) -> int:
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
