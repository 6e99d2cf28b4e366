"""JSON in and out: numbers exact to the last stored digit both ways, and request bodies
capped in size before they are read.

Figures are decimals with up to 20 digits; a float holds 15 to 17, so neither JSON direction
goes through float: bodies are parsed with Decimal for every number with a fraction, and
Decimals are written as the plain number they are (`2000`, `3000.5`), as the JSON export does.
"""

import json
import secrets
from decimal import Decimal

from django.conf import settings
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError

from factcheck.api.errors import BodyTooLarge
from factcheck.claims.figures import plain_number


class ExactJSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, with Decimals written as exact JSON numbers. Each Decimal goes
    through json.dumps as a marker string holding a per-response random key (a NUL can
    never be in stored text: every input refuses it), which is then swapped for the digits."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        numbers = []
        key = secrets.token_hex(8)

        def mark(value):
            if isinstance(value, Decimal):
                numbers.append(plain_number(value))
                return f"\x00{key}:{len(numbers) - 1}"
            if isinstance(value, dict):
                return {k: mark(v) for k, v in value.items()}
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
    Content-Length claims, with numbers that have a fraction or exponent parsed as Decimal."""

    def parse(self, stream, media_type=None, parser_context=None):
        view = (parser_context or {}).get("view")
        limit = getattr(view, "max_body_bytes", None) or settings.FACTCHECK_API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(f"The request body is larger than {limit} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(raw.decode(encoding), parse_float=Decimal, parse_constant=_refuse)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"The body is not valid JSON: {error}") from None


def _refuse(constant):
    raise ValueError(f"{constant} is not a number JSON allows")
