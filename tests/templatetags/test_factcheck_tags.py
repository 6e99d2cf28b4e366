"""The status badge, as it reads inside a sentence."""

from django.template import Context, Template


def render(source):
    return Template("{% load factcheck_tags %}" + source).render(Context())


def test_the_badge_sits_tight_in_brackets():
    assert render("({% status_badge 'unverified' %})") == (
        '(<span class="badge rounded-pill status-badge status-unverified">Unverified</span>)'
    )


def test_the_label_is_escaped_words_not_the_code():
    assert ">In review<" in render("{% status_badge 'in_review' %}")
