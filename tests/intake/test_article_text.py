"""Uploaded files become the text the intake stores: HTML reduced to its words, never run."""

import pytest

from factcheck.errors import InvalidInput
from factcheck.intake.article_text import MAX_UPLOAD_BYTES, html_to_text, text_from_upload

PAGE = """<!doctype html><html><head><title> Floods  &amp; fires </title>
<style>p { color: red }</style><script>alert("x")</script></head>
<body><nav>Home | World</nav><article><h1>Floods leave 2,300 homeless</h1>
<p>More than 2,300 people were displaced,
the <b>governor</b> said.</p><p>About 40&nbsp;% of homes&#8217; roofs fell.</p>
<img src=x onerror="alert(1)"></article><footer>© 2024</footer></body></html>"""


def test_html_keeps_the_words_a_paragraph_a_line_and_drops_what_is_not_text():
    text, title = html_to_text(PAGE)
    assert title == "Floods & fires"
    assert text == (
        "Floods leave 2,300 homeless\n\n"
        "More than 2,300 people were displaced, the governor said.\n\n"
        "About 40 % of homes’ roofs fell."
    )
    assert "alert" not in text and "color" not in text and "Home" not in text


def test_an_uploaded_text_file_is_decoded_and_tidied():
    text, title = text_from_upload(data="\ufeffLine one\r\nLine two\r\n".encode(), filename="a.TXT")
    assert (text, title) == ("Line one\nLine two", "")


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"x", "article.pdf", "file_type"),
        (b"\xff\xfe\x00", "article.txt", "not_utf8"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "article.html", "file_too_large"),
    ],
)
def test_files_the_intake_cannot_read_are_refused_with_a_reason(data, filename, code):
    with pytest.raises(InvalidInput) as refused:
        text_from_upload(data=data, filename=filename)
    assert [(p.code, p.field) for p in refused.value.problems] == [(code, "file")]
