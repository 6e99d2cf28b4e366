from django import template
from django.utils.html import format_html

from factcheck.models import Status

register = template.Library()


@register.simple_tag
def status_badge(status):
    """A coloured badge that always carries the status in words too. Built here rather than in
    a template file so no trailing newline puts a space inside "(Unverified )"."""
    return format_html(
        '<span class="badge rounded-pill status-badge status-{}">{}</span>',
        status,
        Status(status).label,
    )
