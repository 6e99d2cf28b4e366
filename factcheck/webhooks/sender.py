"""Send one webhook request: POST the body to the checked address, within a deadline.

http.client is used directly, not a library that resolves names itself, so the connection
goes to the address `addresses.resolve` approved. Redirects are not followed (a 3xx is a
failed attempt). A receiver gets `timeout` seconds in all: a watchdog shuts the socket at the
deadline, so one that accepts and never answers, or answers a byte at a time, is cut off.
"""

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from factcheck.errors import WebhookTargetRefused
from factcheck.webhooks.addresses import resolve

# Enough of the answer to log; the rest is not read.
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    """What became of one attempt: the HTTP status (None if none came), the time it took in
    milliseconds, and what went wrong ('' when the receiver answered 2xx)."""

    status_code: int | None
    latency_ms: int
    error: str

    @property
    def ok(self):
        return not self.error


class _PinnedConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to by now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, as for any https request.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict, timeout: float) -> Answer:
    """POST `body` with `headers` to `url` and say how it went; never raises for anything the
    receiver or the network does. `timeout` (seconds) bounds the whole exchange."""
    started = time.monotonic()

    def answer(status, error):
        return Answer(status, round((time.monotonic() - started) * 1000), error)

    try:
        host, port, addresses = resolve(url)
    except WebhookTargetRefused as refusal:
        return answer(None, f"Refused: {refusal}")
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedTLSConnection if parts.scheme == "https" else _PinnedConnection
    connection = kind(host, port, addresses[0], timeout)
    watchdog = threading.Timer(timeout, _cut_off, [connection])
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_ANSWER_BYTES)
        status = response.status
    except (OSError, http.client.HTTPException, ValueError) as error:
        elapsed = time.monotonic() - started
        if isinstance(error, TimeoutError) or elapsed >= timeout:
            return answer(None, f"No answer within {timeout:g} s: cut off.")
        return answer(None, f"{type(error).__name__}: {error}" if str(error) else repr(error))
    finally:
        watchdog.cancel()
        connection.close()
    if 200 <= status < 300:
        return answer(status, "")
    return answer(status, f"HTTP {status} {http.client.responses.get(status, '')}".strip())


def _cut_off(connection):
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)
