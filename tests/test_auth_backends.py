"""Login throttling (django-axes, database handler): five failures for a username from an
address lock that pair out for 15 minutes, with a clear page; an admin can unlock."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, address="203.0.113.7"):
    """Fail `times` times; the fifth failure already answers with the lockout page."""
    for number in range(1, times + 1):
        response = attempt(client, username, "wrong password", address)
        assert response.status_code == (429 if number >= 5 else 200)


@pytest.mark.django_db
def test_four_failures_still_let_the_right_password_in(client, editor):
    fail(client, "editor", 4)
    response = attempt(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_after_five_failures_even_the_right_password_is_refused_clearly(client, editor):
    fail(client, "editor", 5)
    response = attempt(client, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "locked after 5 failed attempts" in page
    assert "Try again in 15 minutes" in page
    assert "ask an administrator to unlock it" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_is_per_username_and_address(client, editor, editor2):
    fail(client, "editor", 5)
    assert attempt(client, "editor2", PASSWORD).status_code == 302
    assert attempt(Client(), "editor", PASSWORD, address="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_failures_are_stored_in_the_database_so_every_app_server_sees_them(client, editor):
    fail(client, "editor", 5)
    stored = AccessAttempt.objects.get(username="editor", ip_address="203.0.113.7")
    assert stored.failures_since_start == 5
    # A second app server is a second client against the same database.
    assert attempt(Client(), "editor", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_admin_locks_out_too(client, superuser):
    for _ in range(5):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin", "password": "nope"},
            REMOTE_ADDR="203.0.113.7",
        )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_admin_unlocks_by_deleting_the_attempt(client, editor, superuser):
    fail(client, "editor", 5)
    attempt_row = AccessAttempt.objects.get(username="editor")

    admin = Client()
    admin.force_login(superuser)
    changelist = admin.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200
    assert "editor" in changelist.content.decode()
    response = admin.post(f"/admin/axes/accessattempt/{attempt_row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert attempt(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_test_client_login_works_without_a_request(client, editor):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/claims/").status_code == 200


@pytest.mark.django_db
def test_a_login_without_a_request_is_not_counted(editor):
    assert not Client().login(username="editor", password="wrong password")
    assert not AccessAttempt.objects.exists()
