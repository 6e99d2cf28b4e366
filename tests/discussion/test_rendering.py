"""A comment is plain text: links, emphasis and mentions at most, hostile markup never runs."""

import re

import pytest

from factcheck.discussion.rendering import mentioned_usernames, render_comment
from tests.test_security import assert_escaped

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    '<svg onload=alert(1)><a xlink:href="javascript:alert(1)">x</a></svg>',
    '"><script>alert(1)</script>',
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/'onmouseover='alert(1)",
    "**<b onmouseover=alert(1)>bold</b>**",
    "<style>body{display:none}</style>",
    "<iframe src=https://evil.example></iframe>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comments_render_as_harmless_text(text):
    html = render_comment(text)
    assert_escaped(f"<div>{html}</div>", text)
    assert "<script" not in html and "<iframe" not in html and "<style" not in html
    assert not re.search(r"<a\s[^>]*href=\"(?!https?://)", html), html


def test_links_become_clickable_web_links_and_leave_trailing_punctuation():
    html = render_comment("See https://example.org/a_b?x=1&y=2. And (http://un.org/x).")
    assert (
        '<a href="https://example.org/a_b?x=1&amp;y=2" rel="noopener noreferrer nofollow">'
        "https://example.org/a_b?x=1&amp;y=2</a>." in html
    )
    assert (
        '<a href="http://un.org/x" rel="noopener noreferrer nofollow">http://un.org/x</a>).' in html
    )


def test_emphasis_strong_paragraphs_and_line_breaks():
    html = render_comment("**Check** the *occupied areas* and _Crimea_.\nsnake_case_name\n\nNew")
    assert html == (
        "<p><strong>Check</strong> the <em>occupied areas</em> and <em>Crimea</em>.<br>"
        "snake_case_name</p><p>New</p>"
    )


def test_underscores_and_stars_inside_links_are_not_emphasis():
    html = render_comment("https://example.org/a_b_c/*x* done")
    assert "<em>" not in html
    assert 'href="https://example.org/a_b_c/*x*"' in html


def test_mentions_are_marked_and_found_but_email_addresses_are_not_mentions():
    text = "@reporter can you call them? cc (@editor2), not press@un.org. @reporter again"
    assert mentioned_usernames(text) == ["reporter", "editor2"]
    html = render_comment(text)
    assert '<span class="mention">@reporter</span>' in html
    assert '<span class="mention">@editor2</span>)' in html
    assert "press@un.org" in html and "@un.org</span>" not in html
