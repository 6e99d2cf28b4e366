from django import template

from factcheck.discussion.rendering import render_comment

register = template.Library()


@register.filter
def comment_html(text):
    """A comment's plain text as sanitised HTML (factcheck.discussion.rendering)."""
    return render_comment(text)
