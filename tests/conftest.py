from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from factcheck.models import (
    Article,
    Claim,
    ClaimChange,
    Comment,
    DeliveryAttempt,
    DraftedClaim,
    DraftState,
    Event,
    EventType,
    ImportJob,
    LoginFailure,
    Notification,
    Qualifier,
    QuantityChange,
    StatusChange,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.notifications.models import NotificationKind
from factcheck.roles import EDITOR, REPORTER, VIEWER
from factcheck.workflow.status_writer import write_status
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    TrackedQuantityFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers take a third of a second by design; tests only need passwords to match."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_worker_required(settings):
    """No background worker runs in tests, so /healthz must not fail for want of one;
    tests/test_outages.py turns the requirement on where it tests it."""
    settings.FACTCHECK_WORKER_REQUIRED = False


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role=EDITOR)


@pytest.fixture
def editor2(db):
    return UserFactory(username="editor2", role=EDITOR)


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", role=REPORTER)


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", role=VIEWER)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def claim(reporter):
    return ClaimFactory(created_by=reporter)


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: `client_for(editor).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")


# One of everything under the same id, so that any `<int:...>` in any URL finds an object:
# the permission matrix and the security tests fetch every page with it.
WORLD_PK = 900_001


def make_world(*, owner, actor, text="Plain text", url="https://example.org/source"):
    """A claimant, a claim (unverified, created by `owner`), an evidence item, history rows, a
    tracked quantity (the claim attached), `actor`'s comment (its text and a link), a
    notification for `actor` and an article with a pending draft, each with the id WORLD_PK,
    a comment hidden by `actor` and a second draft of the article filed as the claim; every
    text field holds `text` and every URL field `url`; and a login failure for the user name
    `text`. A new model shown on a page belongs here too."""
    claimant = ClaimantFactory(pk=WORLD_PK, name=f"{text} (claimant)", url=url)
    claim = ClaimFactory(
        pk=WORLD_PK,
        claimant=claimant,
        statement=text,
        counted=text[:200],
        place=text[:200],
        unit=text[:20],
        methodology_notes=text,
        source_url=url,
        source_title=text[:300],
        created_by=owner,
    )
    EvidenceFactory(pk=WORLD_PK, claim=claim, url=url, title=text[:300], note=text)
    quantity = TrackedQuantityFactory(
        pk=WORLD_PK,
        name=f"{text} (quantity)"[:200],
        counted=claim.counted,
        unit=claim.unit,
        place=claim.place,
        description=text,
    )
    Claim.objects.filter(pk=claim.pk).update(quantity=quantity)
    StatusChange.objects.create(
        pk=WORLD_PK,
        claim=claim,
        from_status="unverified",
        to_status="in_review",
        actor=actor,
        note=text,
    )
    StatusChange.objects.create(
        claim=claim, from_status="in_review", to_status="unverified", actor=actor, note=text
    )
    ClaimChange.objects.create(
        pk=WORLD_PK, claim=claim, field="place", old_value=text, new_value=text, actor=actor
    )
    comment = Comment.objects.create(pk=WORLD_PK, claim=claim, author=actor, body=f"{text} {url}")
    Comment.objects.create(
        claim=claim,
        author=owner,
        body=text,
        hidden_at=timezone.now(),
        hidden_by=actor,
        hidden_reason=text,
    )
    Notification.objects.create(
        pk=WORLD_PK,
        recipient=actor,
        actor=owner,
        event=NotificationKind.MENTIONED,
        claim=claim,
        comment=comment,
        text=text[:300],
        url=comment.get_absolute_url(),
    )
    QuantityChange.objects.create(
        pk=WORLD_PK, quantity=quantity, field="place", old_value=text, new_value=text, actor=actor
    )
    make_article(pk=WORLD_PK, text=text, url=url, actor=actor, claim=claim)
    # A wrong password for a name someone typed, as the login throttle records it.
    LoginFailure.objects.create(pk=WORLD_PK, username=text[:255], address=text[:64])
    make_webhook_world(claim=claim, owner=owner, text=text, url=url)
    return claim


def make_article(*, pk, text, url, actor, claim):
    """An article whose whole text is `text`, with a pending draft (id `pk`) on its first half
    and a draft on its second half filed as `claim`; every text field holds `text`."""
    article = Article.objects.create(
        pk=pk, text=text, url=url, title=text[:300], publisher=text[:200],
        published=claim.as_of, uploaded_by=actor,
    )  # fmt: skip
    middle = len(text) // 2
    values = {
        "article": article, "sentence_start": 0, "sentence_end": len(text),
        "statement": text, "claimant_name": text[:200], "value": claim.value,
        "qualifier": claim.qualifier, "unit": text[:20], "counted": text[:200],
        "place": text[:200], "as_of": claim.as_of, "vague": True,
    }  # fmt: skip
    DraftedClaim.objects.create(pk=pk, start=0, end=middle, quote=text[:middle], **values)
    DraftedClaim.objects.create(
        start=middle, end=len(text), quote=text[middle:], state=DraftState.ACCEPTED,
        claim=claim, decided_by=actor, **values,
    )  # fmt: skip
    return article


def make_webhook_world(*, claim, owner, text, url):
    """A webhook subscription (owned by `owner`) with one event's delivery and a failed
    attempt, and a finished background import by `owner` whose report lists a problem."""
    subscription = WebhookSubscription.objects.create(
        pk=WORLD_PK,
        url=url,
        description=text[:200],
        event_types=[EventType.STATUS_CHANGED],
        secret="whsec_" + "A" * 43 + "=",
        created_by=owner,
    )
    event = Event.objects.create(
        pk=WORLD_PK, type=EventType.STATUS_CHANGED, claim=claim, data='{"note": "x"}'
    )
    delivery = WebhookDelivery.objects.create(
        pk=WORLD_PK, subscription=subscription, event=event, claim_id=claim.pk, attempts=1
    )
    DeliveryAttempt.objects.create(pk=WORLD_PK, delivery=delivery, status_code=500, error=text)
    problem = {"message": text, "line": 2, "column": "statement"}
    ImportJob.objects.create(
        pk=WORLD_PK,
        filename=text[:255],
        actor=owner,
        state=ImportJob.State.REFUSED,
        report={
            "filename": text[:255],
            "created": [],
            "duplicates": [problem],
            "notices": [problem],
            "problems": [problem],
        },
    )


@pytest.fixture
def world(reporter, editor):
    return make_world(owner=editor, actor=editor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and a snapshot of what the migrations put in it (the
    role groups and their permissions), which transactional tests flush away when they end."""
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def migrated_data(transactional_db, django_db_setup):
    """The database exactly as the migrations left it, restored in the test's own context.
    For the browser tests: once Playwright's event loop runs in the thread, Django hands the
    test a different connection from the one serialized_rollback restored through."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(django_db_setup)
    ContentType.objects.clear_cache()


@pytest.fixture
def ohchr(editor):
    """OHCHR's confirmed count of civilians killed in Ukraine: the figure a claim about to be
    filed (form, API, import) matches in the matching tests."""
    claim = ClaimFactory(
        claimant=ClaimantFactory(name="OHCHR"),
        statement="At least 227 civilians have been killed in Ukraine.",
        value=Decimal(227),
        qualifier=Qualifier.AT_LEAST,
        counted="civilians killed",
        place="Ukraine",
        as_of=date(2022, 3, 1),
    )
    write_status(claim=claim, to_status="confirmed", actor=editor)
    return claim
