"""JSON in and out: numbers exact to the last stored digit both ways, request bodies capped
in size before they are read, and text that is Unicode characters both ways.

Figures are decimals; a float holds 15 to 17 digits, so neither JSON direction goes through
float: bodies are parsed with Decimal for every number with a fraction, and Decimals are
written as the plain number they are (`2000`, `3000.5`), as the JSON export does.

JSON lets a string hold a lone UTF-16 surrogate (`"\\ud800"` with no pair), which is no
character: UTF-8 cannot encode it, so no database, page or reply can hold it. Bodies holding
one, in a key or a value, are refused as malformed (400) before any view reads them; and the
renderer writes any that reach it all the same (an error message quoting a value, say) as
U+FFFD, so no reply fails to encode.
"""

import json
import re
import secrets
from decimal import Decimal

from django.conf import settings
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError

from factcheck.api.errors import BodyTooLarge
from factcheck.claims.figures import plain_number

# A code point in the surrogate range: in a Python str, always one without its pair (json.loads
# joins an escaped pair into the one character it stands for).
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class ExactJSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, with Decimals written as exact JSON numbers. Each Decimal goes
    through json.dumps as a marker string holding a per-response random key (a NUL can
    never be in stored text: every input refuses it), which is then swapped for the digits.
    Lone surrogates in keys and strings are written as U+FFFD (see the module's docstring)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        numbers = []
        key = secrets.token_hex(8)

        def mark(value):
            if isinstance(value, Decimal):
                numbers.append(plain_number(value))
                return f"\x00{key}:{len(numbers) - 1}"
            if isinstance(value, str):
                return LONE_SURROGATE.sub(REPLACEMENT, value)
            if isinstance(value, dict):
                return {mark(k): mark(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [mark(v) for v in value]
            return value

        text = super().render(mark(data), accepted_media_type, renderer_context)
        if not numbers:
            return text
        body = text.decode()
        for index, number in enumerate(numbers):
            body = body.replace(f'"\\u0000{key}:{index}"', number, 1)
        return body.encode()


class LimitedJSONParser(parsers.JSONParser):
    """JSON bodies up to FACTCHECK_API_MAX_BODY_BYTES, or the view's own `max_body_bytes`
    (the intake takes an article as long as its page does), 413 beyond whatever
    Content-Length claims, with numbers that have a fraction or exponent parsed as Decimal.
    Raises ParseError (400 `malformed`) for a body that is not JSON or holds a lone
    surrogate in a key or a string."""

    def parse(self, stream, media_type=None, parser_context=None):
        view = (parser_context or {}).get("view")
        limit = getattr(view, "max_body_bytes", None) or settings.FACTCHECK_API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(f"The request body is larger than {limit} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_float=Decimal, parse_constant=_refuse)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"The body is not valid JSON: {error}") from None
        if _holds_lone_surrogate(data):
            raise ParseError(
                "The body holds a lone UTF-16 surrogate (an escape such as \\ud800 without its "
                "pair) in a key or a string: that is no character, and text must be made of "
                "characters. Send text as UTF-8, or escape a character beyond U+FFFF as its "
                "surrogate pair."
            )
        return data


def _holds_lone_surrogate(data) -> bool:
    # A loop, not recursion: json.loads reads bodies nested nearly as deep as Python's stack.
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if LONE_SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _refuse(constant):
    raise ValueError(f"{constant} is not a number JSON allows")
