"""Services for tracked quantities: create one, and attach claims to it (or move or detach them).

Which quantity a claim counts is filing, not content: attaching is allowed whatever the claim's
status (a confirmed figure belongs in the tracker most of all) and does not bump the version
that protects the claim's content. It still needs its own permission.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from factcheck.models import Claim, TrackedQuantity, is_storable_id

ATTACH_PERMISSION = "factcheck.attach_claims"
QUANTITY_FIELDS = ("name", "counted", "unit", "place", "description")


def can_attach(user):
    return user.has_perm(ATTACH_PERMISSION)


def can_create_quantity(user):
    return user.has_perm("factcheck.add_trackedquantity")


@transaction.atomic
def create_quantity(*, actor, data):
    """Create a tracked quantity from `data` (field name -> value) on behalf of `actor`."""
    if not can_create_quantity(actor):
        raise PermissionDenied("You do not have permission to add tracked quantities.")
    unknown = set(data) - set(QUANTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    quantity = TrackedQuantity(**data)
    quantity.full_clean()
    quantity.save()
    return quantity


def misfit(claim, quantity):
    """The rule of tracked quantities: only a figure in the quantity's unit can be filed under
    it. Returns the field that breaks it ("value" when there is no figure, "unit") or None."""
    if claim.value is None:
        return "value"
    if claim.unit.strip() != quantity.unit.strip():
        return "unit"
    return None


def _unit_words(unit):
    return f'"{unit}"' if unit else "a count"


def _problems(claim, quantity):
    label = f"Claim {claim.pk}"
    broken = misfit(claim, quantity)
    if broken == "value":
        return f"{label} carries no figure, so there is nothing to track."
    if broken == "unit":
        theirs, ours = _unit_words(claim.unit), _unit_words(quantity.unit)
        return f"{label} is in {theirs} but {quantity} is in {ours}."
    return None


def check_still_fits(claim, *, before):
    """Raise ValidationError on the field, if an edit of `claim` (its fields as they were in
    `before`) breaks the rule of the quantity it is filed under. A misfit the edit did not
    make (the quantity's unit changed in the admin, say) is left for people to sort out."""
    quantity = claim.quantity
    broken = misfit(claim, quantity) if quantity is not None else None
    if broken is None or getattr(claim, broken) == getattr(before, broken):
        return
    if broken == "value":
        message = f"This claim is filed under “{quantity}”, which tracks a figure"
        remedy = "keep the figure"
    else:
        message = f"This claim is filed under “{quantity}”, counted in {_unit_words(quantity.unit)}"
        remedy = "keep the unit"
    raise ValidationError({broken: f"{message}: detach it first or {remedy}."})


@transaction.atomic
def attach_claims(*, claim_ids, quantity, actor):
    """Attach the claims `claim_ids` to `quantity` (moving them from any other one), or detach
    them with `quantity=None`. All or nothing: raises PermissionDenied, or ValidationError
    listing every claim that is unknown, has no figure or has another unit; then nothing is
    written. Returns the number of claims whose quantity changed."""
    if not can_attach(actor):
        raise PermissionDenied("You do not have permission to attach claims to quantities.")
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
        problems += [p for claim in claims if (p := _problems(claim, quantity))]
    if problems:
        raise ValidationError(problems)
    target = quantity.pk if quantity is not None else None
    changing = [claim.pk for claim in claims if claim.quantity_id != target]
    return Claim.objects.filter(pk__in=changing).update(quantity=quantity)
