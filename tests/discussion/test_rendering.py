"""A comment is plain text: links, emphasis and mentions at most, hostile markup never runs."""

import re

import pytest

from factcheck.discussion.rendering import (
    mentioned_usernames,
    render_comment,
    unmatched_handles,
)
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
    html = render_comment(text, ["reporter", "editor2"])
    assert '<span class="mention">@reporter</span>' in html
    assert '<span class="mention">@editor2</span>)' in html
    assert "press@un.org" in html and "@un.org</span>" not in html


@pytest.mark.parametrize(
    "text",
    [
        "Source: https://medium.com/@ministry/stats-2022",
        "See https://mastodon.social/@UNHCR/1234.",
        "(https://www.tiktok.com/@who/video/1)",
        "Write to press.office@ministry.gov.ua or un-news+desk@un.org",
        "mastodon.social/@UNHCR, without its https",
        "Their fediverse account: @UNHCR@mastodon.social",  # someone elsewhere, not here
        "url=https://x.org/?ref=@ministry&a=@b",
    ],
)
def test_at_signs_inside_links_and_addresses_are_not_mentions(text):
    # Even when the name after the @ is someone at the desk's user name.
    people = ["ministry", "UNHCR", "who", "office", "un-news", "b"]
    assert mentioned_usernames(text) in ([], ["UNHCR@mastodon.social"])
    assert 'class="mention"' not in render_comment(text, people)


def test_a_link_with_an_at_sign_is_a_whole_link():
    html = render_comment("Source: https://medium.com/@ministry/stats-2022, p. 4")
    assert html == (
        '<p>Source: <a href="https://medium.com/@ministry/stats-2022" '
        'rel="noopener noreferrer nofollow">https://medium.com/@ministry/stats-2022</a>, p. 4</p>'
    )


def test_only_the_comments_mentions_are_marked_other_at_names_are_plain_text():
    text = "@UNHCR says 4 million; @Reporter please check, *@editor2* too."
    assert mentioned_usernames(text) == ["UNHCR", "Reporter", "editor2"]
    html = render_comment(text, ["reporter", "editor2"])
    assert html == (
        '<p>@UNHCR says 4 million; <span class="mention">@Reporter</span> please check, '
        '<em><span class="mention">@editor2</span></em> too.</p>'
    )
    assert unmatched_handles(text, ["reporter", "editor2"]) == ["UNHCR"]
    assert 'class="mention"' not in render_comment(text)


def test_a_nul_in_the_text_cannot_pose_as_a_link():
    # The renderer marks where links go with NULs; typed ones are dropped, not followed.
    assert render_comment("a\x000\x00 https://x.org b") == (
        '<p>a0 <a href="https://x.org" rel="noopener noreferrer nofollow">https://x.org</a> b</p>'
    )
