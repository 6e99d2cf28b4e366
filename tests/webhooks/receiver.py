"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread, answering
each POST as told (status codes in turn, or hanging), and keeping what it got."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict
    body: bytes
    at: float

    @property
    def webhook_id(self):
        return self.headers["webhook-id"]

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """`answers`: status codes for the first requests, in order (then 200); `hang`: seconds
    to wait before answering the first `hang_count` requests; `gate`: an Event that the first
    request waits on before answering (the test sets it)."""

    answers: list = field(default_factory=list)
    hang: float = 0
    hang_count: int = 0
    gate: threading.Event | None = None
    received: list = field(default_factory=list)
    first_arrived: threading.Event = field(default_factory=threading.Event)

    def __enter__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with lock:
                    number = len(receiver.received)
                    receiver.received.append(
                        Received({k.lower(): v for k, v in self.headers.items()}, body, time.time())
                    )
                receiver.first_arrived.set()
                if number == 0 and receiver.gate is not None:
                    receiver.gate.wait(30)
                if number < receiver.hang_count:
                    time.sleep(receiver.hang)
                status = receiver.answers[number] if number < len(receiver.answers) else 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender gave up on us

            def log_message(self, *args):
                pass

        lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.gate is not None:
            self.gate.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/factcheck"

    def ids(self):
        return [r.webhook_id for r in self.received]
