"""An article's text as the intake stores it: pasted text tidied, uploaded files decoded, HTML
reduced to its words.

The stored text is what the extraction engine reads and what every draft's offsets point into,
so it is produced once, here, and never changed afterwards. HTML is never rendered: it is
parsed with Python's own `html.parser` and only its text is kept (scripts, styles and other
non-text elements dropped, block elements turned into line breaks so paragraphs survive,
character references decoded).
"""

import re
from html.parser import HTMLParser
from pathlib import PurePath

from factcheck.errors import InvalidInput, Problem
from factcheck.intake.extraction.wordlists import words

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 200_000  # about 35,000 words: far beyond any news article
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")

# Elements whose content is not the article's text.
SKIPPED = words(
    """script style noscript template head svg math iframe object embed select button nav form
    figure figcaption aside footer"""
)
# Elements that end a line of text (paragraphs, headings, list items, table rows...).
BLOCKS = words(
    """p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header main blockquote pre hr
    dd dt dl address center"""
)
# Control characters other than tab and line feed: PostgreSQL refuses NUL in text, and the
# others are invisible noise that would shift offsets between what people see and the store.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tidy(text: str) -> str:
    """Pasted or decoded text as stored: line ends as \\n, control characters dropped, trailing
    spaces of each line and blank lines at both ends removed, no more than one empty line in
    a row. Raises nothing."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.title, self._skipping, self._in_title = [], "", 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in SKIPPED:
            self._skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skipping:
            # Inside a block, HTML's line breaks are spaces.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, str]:
    """(text, title) of an HTML document (str): the words of its body, a line per block
    element, tidied; the <title>'s text with white space folded ("" if none)."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n\n".join(line for line in lines if line)
    return tidy(text), " ".join(parser.title.split())


def text_from_upload(*, data: bytes, filename: str) -> tuple[str, str]:
    """(text, title) of an uploaded .txt or .html file (`data` its bytes; the title "" for a
    text file). Raises InvalidInput (field "file") for another kind of file, one larger than
    MAX_UPLOAD_BYTES, or one that is not UTF-8."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise _file_problem(f"{filename} is not a .txt or .html file.", "file_type")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _file_problem(
            f"The file is {len(data) / 2**20:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES / 2**20:.0f} MB.",
            "file_too_large",
        )
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_problem(
            f"{filename} is not UTF-8 text ({error.reason} at byte {error.start}). "
            "Save it as UTF-8, or paste its text instead.",
            "not_utf8",
        ) from None
    if suffix in HTML_SUFFIXES:
        return html_to_text(decoded)
    return tidy(decoded), ""


def _file_problem(message, code):
    return InvalidInput(message, problems=[Problem(message, code=code, field="file")])
