"""Template helpers for the figure tracker, so the claim page needs no view changes."""

from django import template

from factcheck.claims.figures import amount
from factcheck.models import TrackedQuantity

register = template.Library()


@register.simple_tag
def tracked_quantities():
    """Every tracked quantity, for the attach form."""
    return TrackedQuantity.objects.order_by("name")


@register.filter
def figure_amount(claim):
    """'more than 2,000': the number part of a claim's figure."""
    return amount(claim)
