"""Login throttling (django-axes, database handler): five failures for a username from an
address lock that pair out for 15 minutes, with a clear page; an admin can unlock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

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


# --- Whose address, and guessing from many addresses ------------------------------------------

PROXY = "10.0.0.1"


def via_proxy(client, username, password, client_address, sent_by_client=""):
    """A login through the TLS proxy, which appends the client's address to X-Forwarded-For."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = 1


@pytest.mark.django_db
def test_behind_the_proxy_a_guesser_cannot_lock_out_a_user_at_another_address(behind_proxy, editor):
    guesser, user = Client(), Client()
    for _ in range(5):
        via_proxy(guesser, "editor", "wrong password", "198.51.100.9")
    assert via_proxy(guesser, "editor", PASSWORD, "198.51.100.9").status_code == 429
    assert via_proxy(user, "editor", PASSWORD, "203.0.113.50").status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_an_address_the_client_sends_is_not_believed(behind_proxy, editor):
    guesser = Client()
    for number in range(5):
        # A different forged address each time; the proxy's own entry is what counts.
        via_proxy(guesser, "editor", "wrong", "198.51.100.9", sent_by_client=f"192.0.2.{number}")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.9"
    assert via_proxy(guesser, "editor", PASSWORD, "198.51.100.9").status_code == 429


@pytest.mark.django_db
def test_without_a_proxy_x_forwarded_for_is_ignored(client, editor):
    for number in range(5):
        client.post(
            "/accounts/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert attempt(client, "editor", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_is_slowed(editor):
    # The real user logs in once from the office, then someone guesses from ten addresses.
    assert attempt(Client(), "editor", PASSWORD, "203.0.113.50").status_code == 302
    for number in range(10):
        fail(Client(), "editor", 1, address=f"198.51.100.{number}")
    guesser = Client()
    response = attempt(guesser, "editor", PASSWORD, "198.51.100.200")
    assert response.status_code == 200  # not even the right password is tried
    assert "Try again in" in response.content.decode()
    # The user's own address is never held back.
    assert attempt(Client(), "editor", PASSWORD, "203.0.113.50").status_code == 302


@pytest.mark.django_db
def test_the_backoff_lets_one_attempt_through_after_its_pause(editor):
    for number in range(10):
        fail(Client(), "editor", 1, address=f"198.51.100.{number}")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=31))
    assert attempt(Client(), "editor", PASSWORD, "198.51.100.200").status_code == 302
