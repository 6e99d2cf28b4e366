"""A comment's text as HTML: plain text with links made clickable, *emphasis*, **strong** and
@mentions, nothing more; and which @names in a text could be mentions.

The text is split once into web links and the rest; @names are looked for only in the rest, so
an address like https://medium.com/@ministry/stats or an e-mail address is never a mention.
Which of those @names are mentions (a person at the desk, told of the comment) is decided by
factcheck.discussion.services when the comment is written and kept on it (Comment.mentions);
the renderer marks up exactly those, so the page shows what notified someone and nothing else:
@UNHCR, a handle elsewhere, stays plain text.

The text is escaped, so nothing typed is ever markup; the few tags added here are then passed
through nh3 (the Rust `ammonia` sanitiser) with an allow-list of exactly those tags, http(s)
links only and rel="noopener noreferrer nofollow", as a second wall should a rule below ever
let something through.
"""

import html
import re
from collections.abc import Iterable

import nh3
from django.utils.safestring import SafeString, mark_safe

# Web links only; a closing bracket or full stop at the end belongs to the sentence.
LINK = re.compile(r"\bhttps?://[^\s<>\"']+?(?=[.,;:!?)\]]*(?:[\s<>\"']|$))")
# Django's user names: letters, digits and @ . + - _ (AbstractUser.username's validator); a
# trailing full stop or comma is punctuation. An @ right after a letter, digit or a character
# of an address (/ . + - : = ? & % # ~ \ or another @) is inside a word, an e-mail address or
# an address without http (mastodon.social/@UNHCR), not a mention; after a space, a bracket,
# a quote, * or the start of the text it is.
MENTION = re.compile(r"(?<![\w@.+\-/:=?&%#~\\])@([\w.@+-]*[\w@+-])")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
# Stands for a piece of markup while the text around it is escaped and emphasised; NUL never
# comes from a form (factcheck.request_checks) and is removed from the text first anyway.
SLOT = re.compile("\x00(\\d+)\x00")

ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class"}}


def _tokens(text: str):
    """(kind, start, end, value) of each link ("link", the address) and each @name outside
    links ("at", the name), in order."""
    position = 0
    for link in LINK.finditer(text):
        yield from _names(text, position, link.start())
        yield ("link", link.start(), link.end(), link.group(0))
        position = link.end()
    yield from _names(text, position, len(text))


def _names(text, start, end):
    for match in MENTION.finditer(text, start, end):
        yield ("at", match.start(), match.end(), match.group(1))


def mentioned_usernames(text: str) -> list[str]:
    """The @names in `text` that could be mentions (not inside links or e-mail addresses), in
    order, each once (as typed; user names are matched ignoring case)."""
    names = {}
    for kind, _, _, value in _tokens(text):
        if kind == "at":
            names.setdefault(value.lower(), value)
    return list(names.values())


def unmatched_handles(text: str, mentions: Iterable[str]) -> list[str]:
    """The @names in `text` that are not among `mentions` (the user names the comment
    mentions): handles elsewhere, or typos, shown as plain text and telling nobody."""
    mentioned = {name.lower() for name in mentions}
    return [name for name in mentioned_usernames(text) if name.lower() not in mentioned]


def render_comment(text: str, mentions: Iterable[str] = ()) -> SafeString:
    """`text` as safe HTML: paragraphs at blank lines, line breaks kept, links and emphasis
    marked up, and the @names of `mentions` (user names, any case; Comment.mentions) marked
    as mentions; everything else shown as typed."""
    mentioned = {name.lower() for name in mentions}
    text = text.replace("\x00", "").replace("\r\n", "\n").strip()
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    markup = "".join(f"<p>{_inline(paragraph, mentioned)}</p>" for paragraph in paragraphs)
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


def _inline(paragraph, mentioned):
    # Links and mentions are taken out first, so that emphasis markers inside an address stay
    # as they are, and put back as markup once the rest is escaped and emphasised.
    pieces, slots, position = [], [], 0
    for kind, start, end, value in _tokens(paragraph):
        if kind == "at" and value.lower() not in mentioned:
            continue
        escaped = html.escape(value, quote=True)
        if kind == "link":
            slots.append(f'<a href="{escaped}">{escaped}</a>')
        else:
            slots.append(f'<span class="mention">@{escaped}</span>')
        pieces += [html.escape(paragraph[position:start], quote=True), f"\x00{len(slots) - 1}\x00"]
        position = end
    pieces.append(html.escape(paragraph[position:], quote=True))
    escaped = "".join(pieces)
    escaped = STRONG.sub(r"<strong>\1</strong>", escaped)
    escaped = EMPHASIS.sub(r"<em>\1</em>", escaped)
    escaped = escaped.replace("\n", "<br>")
    return SLOT.sub(lambda m: slots[int(m.group(1))], escaped)
