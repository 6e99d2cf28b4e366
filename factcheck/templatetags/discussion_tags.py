from django import template

from factcheck.discussion.rendering import render_comment

register = template.Library()


@register.filter
def comment_html(text, mentions=()):
    """A comment's plain text as sanitised HTML, its `mentions` (Comment.mentions) marked up
    (factcheck.discussion.rendering)."""
    return render_comment(text, mentions or ())
