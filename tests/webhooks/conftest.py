import pytest

from factcheck.models import EventType
from factcheck.webhooks.services import create_subscription
from tests.webhooks.receiver import Receiver


@pytest.fixture
def allow_private(settings):
    """The receivers in these tests listen on 127.0.0.1, which production refuses."""
    settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = True
    settings.FACTCHECK_WEBHOOKS_TIMEOUT = 2
    settings.FACTCHECK_WEBHOOKS_RETRY_BASE = 0.01
    return settings


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def subscribe(editor, allow_private):
    def make(url, event_types=(EventType.STATUS_CHANGED,)):
        subscription, secret = create_subscription(
            actor=editor, url=url, event_types=list(event_types)
        )
        return subscription

    return make
