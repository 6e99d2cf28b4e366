from django import template

from factcheck.models import Status

register = template.Library()


@register.inclusion_tag("claims/_status_badge.html")
def status_badge(status):
    """A coloured badge that always carries the status in words too."""
    return {"status": status, "label": Status(status).label}
