import pytest
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
