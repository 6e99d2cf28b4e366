import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from factcheck.roles import EDITOR, REPORTER, VIEWER
from tests.factories import ClaimFactory, UserFactory


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and a snapshot of what the migrations put in it (the
    role groups and their permissions), which transactional tests flush away when they end."""
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def migrated_data(transactional_db, django_db_setup):
    """For tests with real transactions (transactional_db, live_server): the database exactly
    as the migrations left it, whatever earlier transactional tests flushed."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(django_db_setup)
    ContentType.objects.clear_cache()
