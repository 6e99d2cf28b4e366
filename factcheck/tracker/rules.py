"""The rule of tracked quantities: only a figure in the quantity's unit can be filed under it.
Attaching (tracker.services), editing a claim (claims.services), the claim form and the admin
all ask here."""

from django.core.exceptions import ValidationError


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


def attach_problem(claim, quantity):
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
