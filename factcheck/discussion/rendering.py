"""A comment's text as HTML: plain text with links made clickable, *emphasis*, **strong** and
@mentions, nothing more.

The text is escaped first, so nothing typed is ever markup; the few tags added here are then
passed through nh3 (the Rust `ammonia` sanitiser) with an allow-list of exactly those tags,
http(s) links only and rel="noopener noreferrer nofollow", as a second wall should a rule
below ever let something through.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

# Django's user names: letters, digits and @ . + - _ (AbstractUser.username's validator). A
# mention starts after a space, a bracket or the start of the text, so e-mail addresses
# (name@example.org) are not mentions; a trailing full stop or comma is punctuation.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w@+-])")
# Web links only; the escaped text has &amp; for &, and a closing bracket or full stop at
# the end belongs to the sentence.
LINK = re.compile(r"\bhttps?://[^\s<>\"']+?(?=[.,;:!?)\]]*(?:\s|$|&lt;|&gt;|&quot;|&#x27;))")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")

ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class"}}


def mentioned_usernames(text: str) -> list[str]:
    """The user names @mentioned in `text`, in order, each once."""
    return list(dict.fromkeys(MENTION.findall(text)))


def render_comment(text: str) -> SafeString:
    """`text` as safe HTML: paragraphs at blank lines, line breaks kept, links, emphasis and
    mentions marked up, everything else shown as typed."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p]
    markup = "".join(f"<p>{_inline(paragraph)}</p>" for paragraph in paragraphs)
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Accepted (ruff S308, bandit B308/B703): the text was escaped, then sanitised by nh3.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703


def _inline(paragraph):
    escaped = html.escape(paragraph, quote=True)
    # Links are taken out first, so that emphasis markers inside an address stay as they are.
    links = []

    def stash(match):
        links.append(match.group(0))
        return f"\x00{len(links) - 1}\x00"

    escaped = LINK.sub(stash, escaped)
    escaped = STRONG.sub(r"<strong>\1</strong>", escaped)
    escaped = EMPHASIS.sub(r"<em>\1</em>", escaped)
    escaped = MENTION.sub(r'<span class="mention">@\1</span>', escaped)
    escaped = escaped.replace("\n", "<br>")
    return re.sub(
        "\x00(\\d+)\x00",
        lambda m: f'<a href="{links[int(m.group(1))]}">{links[int(m.group(1))]}</a>',
        escaped,
    )
