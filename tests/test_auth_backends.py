"""Login throttling (factcheck.logins.throttle): nobody can lock a user out, from their office
address or any other; guessing one account from many addresses is slowed to a rate; a
browser the user has logged in from is limited per device only; a new browser gets its turn
within a bounded time, however long an attack goes on; an attempt held back unchecked is not
a failure and never makes the wait longer."""

import re
from datetime import UTC, datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from freezegun import freeze_time

from factcheck.logins import device, throttle
from factcheck.logins.models import LoginFailure

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
OFFICE = "203.0.113.7"
PROXY = "10.0.0.1"


def attempt(client, password, address=OFFICE, username="editor", path="/accounts/login/"):
    """A login posted to `path`; with the `behind_proxy` fixture, through the TLS proxy (which
    appends the client's address to X-Forwarded-For)."""
    return client.post(
        path,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def logged_in(response):
    return response.status_code == 302


def told_to_wait(response) -> int:
    """The seconds the login page says to wait; 0 if it says nothing of waiting."""
    found = re.search(r"Try again in (\d+) seconds|Your turn is in (\d+) seconds", response.text)
    return int(next(g for g in found.groups() if g)) if found else 0


def wrong(response):
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    return True


def checked_failures():
    return LoginFailure.objects.filter(username="editor").count()


def known_browser(address=OFFICE):
    """A browser the real user has logged in from (it has the device cookie), logged out."""
    first = Client()
    assert logged_in(attempt(first, PASSWORD, address))
    browser = Client()
    browser.cookies[device.COOKIE] = first.cookies[device.COOKIE].value
    return browser


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = 1


@pytest.fixture
def clock():
    with freeze_time(datetime(2026, 11, 30, 9, 0, tzinfo=UTC)) as frozen:
        yield frozen


def test_a_wrong_password_is_refused_and_the_right_one_logs_in(editor):
    client = Client()
    assert wrong(attempt(client, "wrong password"))
    response = attempt(client, PASSWORD)
    assert response["Location"] == "/"
    assert device.COOKIE in response.cookies
    assert response.cookies[device.COOKIE]["httponly"]
    assert client.get("/claims/").status_code == 200  # the session's backend finds the user


# --- The cases ----------------------------------------------------------------------


def test_five_wrong_passwords_from_a_shared_office_address_lock_nobody_out(editor, clock):
    mine = known_browser()
    colleague = Client()
    for _ in range(throttle.ADDRESS_FAILURES):
        assert wrong(attempt(colleague, "wrong password"))
    # The real user's browser, on the same address, is not slowed at all.
    assert logged_in(attempt(mine, PASSWORD))
    # A new browser on that address is slowed, not locked: it gets in when told.
    new = Client()
    wait = told_to_wait(attempt(new, PASSWORD))
    assert 0 < wait <= throttle.ADDRESS_WINDOW.total_seconds()
    clock.tick(wait)
    assert logged_in(attempt(new, PASSWORD))


def test_nobody_can_slow_a_user_from_another_address(editor, clock):
    guesser = Client()
    for _ in range(throttle.ADDRESS_FAILURES + 3):
        attempt(guesser, "wrong password", "198.51.100.9")
    assert told_to_wait(attempt(guesser, PASSWORD, "198.51.100.9"))
    assert logged_in(attempt(Client(), PASSWORD, "203.0.113.50"))


def test_held_back_attempts_are_not_failures_and_never_extend_the_wait(editor, clock):
    guesser = Client()
    for _ in range(throttle.ADDRESS_FAILURES):
        assert wrong(attempt(guesser, "wrong password"))
    first_wait = told_to_wait(attempt(guesser, "wrong password"))
    assert first_wait
    for _ in range(30):  # one every second: each is held back, none is checked
        clock.tick(1)
        wait = told_to_wait(attempt(guesser, "wrong password"))
        assert 0 < wait <= first_wait - 1
        first_wait = wait
    assert checked_failures() == throttle.ADDRESS_FAILURES
    clock.tick(first_wait)
    assert logged_in(attempt(guesser, PASSWORD))


def test_guessing_one_account_from_many_addresses_is_slowed_to_a_rate(editor, clock):
    # The audit's attack: 50 guesses from 10 addresses, then one every 10 s from new ones.
    for number in range(50):
        attempt(Client(), "wrong password", f"198.51.100.{number % 10}")
    assert checked_failures() == throttle.ACCOUNT_FAILURES
    for number in range(60):  # ten minutes
        clock.tick(10)
        attempt(Client(), "wrong password", f"192.0.2.{number}")
    # At most the account's rate got through: per window, and the window it started in.
    windows = 10 * 60 / throttle.ACCOUNT_WINDOW.total_seconds()
    assert checked_failures() <= throttle.ACCOUNT_FAILURES * (windows + 1)


def test_the_real_user_from_a_known_browser_gets_in_during_the_attack(editor, clock):
    mine = known_browser("203.0.113.50")
    for number in range(50):
        attempt(Client(), "wrong password", f"198.51.100.{number % 10}")
    # Even from an address the attacker uses, and from one the user never used.
    assert logged_in(attempt(mine, PASSWORD, "198.51.100.3"))


@pytest.mark.parametrize("first_ten_retry", [True, False], ids=["retrying", "never back"])
def test_the_real_user_from_a_new_browser_gets_in_within_a_bounded_time(
    editor, clock, first_ten_retry
):
    """The audit: the user from a never-used address was still told "wait" after 40 s, for
    ever. Now the attacker's later addresses queue behind them, and places ahead whose
    holders never come back are given up."""
    attacker_addresses = [f"198.51.100.{n}" for n in range(10)]
    for number in range(50):
        attempt(Client(), "wrong password", attacker_addresses[number % 10])
    user, waited, elapsed = Client(), 0, [0]

    def attacker_goes_on(seconds):
        # One guess every 10 s from a new address, and the first ten retry as often.
        for _ in range(seconds):
            clock.tick(1)
            elapsed[0] += 1
            if elapsed[0] % 10 == 0:
                attempt(Client(), "wrong password", f"192.0.2.{elapsed[0] // 10 % 250}")
                for address in attacker_addresses if first_ten_retry else []:
                    attempt(Client(), "wrong password", address)

    attacker_goes_on(40)
    while not logged_in(response := attempt(user, PASSWORD, "203.0.113.99")):
        wait = told_to_wait(response)
        assert wait, response.text
        attacker_goes_on(wait)
        waited += wait
        assert waited <= 5 * 60, "a new browser waited more than five minutes"


def test_a_known_browser_is_limited_per_device(editor, clock):
    mine = known_browser()
    for _ in range(throttle.DEVICE_FAILURES):
        assert wrong(attempt(mine, "wrong password"))
    # Its failures do not count against the address or the account...
    assert logged_in(attempt(Client(), PASSWORD, OFFICE))
    # ...but past its own limit it is a new browser again: slowed like one.
    for _ in range(throttle.ADDRESS_FAILURES):
        attempt(mine, "wrong password")
    assert told_to_wait(attempt(mine, PASSWORD))


@pytest.mark.parametrize(
    "cookie",
    ["not signed", "another user's"],
)
def test_a_device_cookie_counts_only_signed_and_for_its_user(editor, editor2, clock, cookie):
    theirs = Client()
    assert logged_in(attempt(theirs, PASSWORD, username="editor2"))
    browser = Client()
    browser.cookies[device.COOKIE] = (
        "editor:abc" if cookie == "not signed" else theirs.cookies[device.COOKIE].value
    )
    for _ in range(throttle.ADDRESS_FAILURES):
        attempt(Client(), "wrong password")
    assert told_to_wait(attempt(browser, PASSWORD))


def test_one_browser_remembers_several_users(editor, editor2):
    browser = Client()
    assert logged_in(attempt(browser, PASSWORD, username="editor"))
    browser.post("/accounts/logout/")
    assert logged_in(attempt(browser, PASSWORD, username="editor2"))
    cookie = browser.cookies[device.COOKIE].value
    request = type("Request", (), {"COOKIES": {device.COOKIE: cookie}})()
    assert set(device.devices(request)) == {"editor", "editor2"}


# --- Whose address ------------------------------------------------------------------------------


def test_behind_the_proxy_an_address_the_client_sends_is_not_believed(editor):
    for number in range(throttle.ADDRESS_FAILURES):
        # A different forged address each time; the proxy's own entry is what counts.
        Client().post(
            "/accounts/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.9",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.9"}
    assert told_to_wait(attempt(Client(), PASSWORD, "198.51.100.9"))


def test_without_a_proxy_x_forwarded_for_is_ignored(editor, settings):
    settings.FACTCHECK_TRUSTED_PROXIES = 0
    for number in range(throttle.ADDRESS_FAILURES):
        Client().post(
            "/accounts/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR=OFFICE,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {OFFICE}


# --- Where it applies ---------------------------------------------------------------------------


def test_the_admin_login_is_throttled_by_the_same_backend(superuser):
    for _ in range(throttle.ADDRESS_FAILURES):
        attempt(Client(), "nope", username="admin", path="/admin/login/?next=/admin/")
    response = attempt(Client(), PASSWORD, username="admin", path="/admin/login/?next=/admin/")
    assert told_to_wait(response)
    response = attempt(Client(), PASSWORD, "203.0.113.50", "admin", "/admin/login/?next=/admin/")
    assert logged_in(response)
    assert device.COOKIE in response.cookies


def test_failures_are_kept_in_the_database_so_every_app_server_sees_them(editor):
    for _ in range(throttle.ADDRESS_FAILURES):
        attempt(Client(), "wrong password")  # a second app server is a second client
    assert told_to_wait(attempt(Client(), PASSWORD))
    # axes still records the attempts for the admin's pages, and locks nothing.
    assert AccessAttempt.objects.get(username="editor").failures_since_start >= 5


def test_test_client_login_works_without_a_request(client, editor):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/claims/").status_code == 200


def test_a_login_without_a_request_is_not_counted(editor):
    assert not Client().login(username="editor", password="wrong password")
    assert not LoginFailure.objects.exists()
