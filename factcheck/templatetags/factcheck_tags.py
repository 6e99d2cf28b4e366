from django import template

from factcheck.models import Status

register = template.Library()


@register.inclusion_tag("claims/_status_badge.html")
def status_badge(status):
    """A coloured badge that always carries the status in words too."""
    return {"status": status, "label": Status(status).label}


@register.filter
def minutes(delta):
    """A timedelta in whole minutes, for messages such as "try again in 15 minutes"."""
    return round(delta.total_seconds() / 60)
