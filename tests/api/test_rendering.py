"""Numbers exact both ways, bodies capped."""

import io
from decimal import Decimal

import pytest
from rest_framework.exceptions import ParseError

from factcheck.api.errors import BodyTooLarge
from factcheck.api.rendering import ExactJSONRenderer, LimitedJSONParser


def test_decimals_are_written_exactly_beyond_what_a_float_holds():
    data = {"value": Decimal("1234567890123456.1234"), "list": [Decimal("2.50"), "\\u0000x"]}
    assert ExactJSONRenderer().render(data) == (
        b'{"value":1234567890123456.1234,"list":[2.5,"\\\\u0000x"]}'
    )


def test_numbers_with_a_fraction_are_read_as_decimals():
    body = io.BytesIO(b'{"value": 1234567890123456.1234, "n": 3}')
    assert LimitedJSONParser().parse(body) == {"value": Decimal("1234567890123456.1234"), "n": 3}


@pytest.mark.parametrize("body", [b'{"value": NaN}', b"{", b'{"a": Infinity}', b"1" * 5000])
def test_what_is_not_json_numbers_is_a_parse_error(body):
    with pytest.raises(ParseError):
        LimitedJSONParser().parse(io.BytesIO(body))


def test_a_body_over_the_limit_is_refused_before_parsing(settings):
    settings.FACTCHECK_API_MAX_BODY_BYTES = 100
    with pytest.raises(BodyTooLarge):
        LimitedJSONParser().parse(io.BytesIO(b'{"a": "' + b"x" * 200 + b'"}'))
