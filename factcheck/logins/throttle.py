"""The login throttle's policy (README, "Login throttling"). Nobody is locked out: every limit
is a rate, a refused attempt is answered "try again in N seconds" without checking the
password, and a refused attempt is not a failure, so it never makes the wait longer.

- A browser the user has logged in from (a device cookie, factcheck.logins.device) is limited
  per device only: DEVICE_FAILURES wrong passwords in DEVICE_WINDOW, after which it counts as
  a new browser until they age out. Nothing anyone does elsewhere slows it.
- A new browser is limited per user name and address: ADDRESS_FAILURES wrong passwords from
  one address in ADDRESS_WINDOW, then it waits until the oldest is that old. The real user on
  a shared office address is slowed by a colleague's typos, never locked out, and not at all
  from a browser they have logged in from.
- A new browser is also limited per account, from all addresses together: ACCOUNT_FAILURES
  checked wrong passwords in ACCOUNT_WINDOW. When they are used up, new browsers wait in
  line, one place per address, first come first served (LoginTurn): each is told when its
  turn comes and keeps its place until TURN_GRACE after that. An attacker's later addresses
  queue behind the real user, so a new browser's wait is bounded by the places ahead of it
  when it came (about ACCOUNT_WINDOW per ACCOUNT_FAILURES of them, plus TURN_GRACE for each
  round of places whose holders never come back), however long the attack goes on.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from factcheck.logins import device
from factcheck.logins.models import LoginFailure, LoginTurn

DEVICE_FAILURES = 5
DEVICE_WINDOW = timedelta(minutes=15)
ADDRESS_FAILURES = 5
ADDRESS_WINDOW = timedelta(minutes=5)
# More than one address can use in the window (ADDRESS_FAILURES), so one address alone never
# makes new browsers elsewhere wait: 5 a minute, from two addresses or more.
ACCOUNT_FAILURES = 10
ACCOUNT_WINDOW = timedelta(minutes=2)
TURN_GRACE = timedelta(seconds=30)
# Failures older than every window are deleted as new ones come.
KEPT = max(DEVICE_WINDOW, ADDRESS_WINDOW, ACCOUNT_WINDOW)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR; behind FACTCHECK_TRUSTED_PROXIES proxies (the TLS
    proxy: BEHIND_TLS_PROXY), the address the outermost trusted proxy put in X-Forwarded-For,
    counted from the right, as anything further left is whatever the client sent."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.FACTCHECK_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


@dataclass(frozen=True)
class Attempt:
    """One login attempt: for `username`, from `address`, with the nonce of the browser's
    device cookie for that user ("" for none); `trusted` if that device is within its limit."""

    username: str
    address: str
    device: str
    trusted: bool

    @classmethod
    def of(cls, request, username: str, now=None) -> "Attempt":
        username = username[:255]  # LoginFailure.username; no account has a longer name
        nonce = device.nonce_for(request, username)
        trusted = bool(nonce) and (
            _failures(username, now, DEVICE_WINDOW, device=nonce).count() < DEVICE_FAILURES
        )
        return cls(username, client_address(request)[:64], nonce, trusted)


@dataclass(frozen=True)
class Wait:
    """A refusal: try again in `seconds`; `reason` is "address" or "account"."""

    seconds: int
    reason: str


def _failures(username, now, window, **filters):
    since = (now or timezone.now()) - window
    return LoginFailure.objects.filter(username=username, failed_at__gt=since, **filters)


def _seconds(until, now) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def wait_for(attempt: Attempt, now=None) -> Wait | None:
    """None if `attempt`'s password may be checked now; else how long it must wait. A new
    browser that must wait for the account takes a place in line (or keeps its own)."""
    if attempt.trusted:
        return None
    now = now or timezone.now()
    mine = sorted(
        _failures(
            attempt.username, now, ADDRESS_WINDOW, address=attempt.address, trusted=False
        ).values_list("failed_at", flat=True)
    )
    if len(mine) >= ADDRESS_FAILURES:
        return Wait(_seconds(mine[len(mine) - ADDRESS_FAILURES] + ADDRESS_WINDOW, now), "address")
    return _take_turn(attempt, now)


@transaction.atomic
def _take_turn(attempt, now):
    times = sorted(
        _failures(attempt.username, now, ACCOUNT_WINDOW, trusted=False).values_list(
            "failed_at", flat=True
        )
    )
    free = ACCOUNT_FAILURES - len(times)
    line = LoginTurn.objects.filter(username=attempt.username)
    line.filter(turn_at__lt=now - TURN_GRACE).delete()  # places whose holders never came back
    waiting = list(line.order_by("joined_at", "pk").values_list("address", flat=True))
    if attempt.address not in waiting:
        if not waiting and free > 0:
            return None
        # get_or_create: two requests from one address at once take one place between them.
        LoginTurn.objects.get_or_create(
            username=attempt.username,
            address=attempt.address,
            defaults={"joined_at": now, "turn_at": now},
        )
        waiting.append(attempt.address)
    place = waiting.index(attempt.address)
    if place < free:
        line.filter(address=attempt.address).delete()
        return None
    turn = _turn(times, place - free + 1, now)
    line.filter(address=attempt.address).update(turn_at=turn)
    return Wait(_seconds(turn, now), "account")


def _turn(times, slots, now):
    """When the `slots`-th check from now frees up: when that many of the failures in the
    window have aged out of it, and a window more for each ACCOUNT_FAILURES beyond those. An
    estimate, rounded early: whoever comes back too soon is told again and keeps the place."""
    if slots <= len(times):
        return times[slots - 1] + ACCOUNT_WINDOW
    last = times[-1] if times else now
    return last + ACCOUNT_WINDOW * math.ceil((slots - len(times)) / ACCOUNT_FAILURES)


def failed(attempt: Attempt, now=None) -> None:
    """Record a checked wrong password (and forget failures older than every window)."""
    now = now or timezone.now()
    LoginFailure.objects.filter(username=attempt.username, failed_at__lt=now - KEPT).delete()
    LoginFailure.objects.create(
        username=attempt.username,
        address=attempt.address,
        device=attempt.device,
        trusted=attempt.trusted,
        failed_at=now,
    )


def succeeded(attempt: Attempt) -> None:
    """After a login: give up the address's place in line. The browser's new device cookie
    (device.remember) has a new nonce, so its device failures no longer count."""
    LoginTurn.objects.filter(username=attempt.username, address=attempt.address).delete()
