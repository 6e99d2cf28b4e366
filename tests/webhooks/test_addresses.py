"""How a refused webhook address is explained to the editor who typed it."""

import pytest

from factcheck.errors import WebhookTargetRefused
from factcheck.webhooks.addresses import resolve


@pytest.fixture(autouse=True)
def public_only(settings):
    settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = False


def test_an_address_in_digits_is_named_once():
    with pytest.raises(WebhookTargetRefused) as refused:
        resolve("http://127.0.0.1:9/")
    assert str(refused.value).startswith("127.0.0.1 is a private, loopback or link-local address")


def test_a_name_says_what_it_resolves_to():
    with pytest.raises(WebhookTargetRefused) as refused:
        resolve("http://localhost:9/")
    assert str(refused.value).startswith("localhost resolves to ")
    assert "127.0.0.1" in str(refused.value)
    assert ", a private, loopback or link-local address" in str(refused.value)
    assert " is a private" not in str(refused.value)
