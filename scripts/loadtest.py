"""Load test: 50 simulated editors against gunicorn on PostgreSQL, on 127.0.0.1 only.

    .venv/bin/python scripts/loadtest.py                 # one instance, 4 workers, port 8106
    .venv/bin/python scripts/loadtest.py --instances 2   # two instances (ports 8106 and 8116)

It (re)creates a dedicated database (factcheck_load6 by default), migrates it, seeds claims and
editor accounts, starts gunicorn with production settings (DEBUG off), logs the editors in, then
for a bounded time and request count has them browse the queue with filters, open claims, add
evidence and move claims through the workflow, many of them on the same few claims on purpose.
It stops gunicorn, prints requests per second, latency percentiles per page and status code
counts, and checks consistency in the database: every successful transition has exactly one
audit row, each claim's history is an unbroken chain ending at its status, no editor ever saw a
claim's version go backwards, and no response was a 5xx. Exit status 1 if a check fails.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else
PASSWORD = "load-test-" + secrets.token_urlsafe(8)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
BUTTONS = re.compile(r'name="to_status" value="(\w+)"')
# How often each transition is picked when its button is there (refute needs contradicting
# evidence the load test rarely adds, so it is mostly refused: a realistic refusal).
TRANSITION_WEIGHTS = {
    "in_review": 5,
    "confirmed": 5,
    "disputed": 1,
    "unverifiable": 1,
    "refuted": 1,
    "unverified": 1,
}
QUEUE_FILTERS = [
    {},
    {"status": "in_review"},
    {"status": "unverified"},
    {"q": "refugees"},
    {"page": "2"},
    {"status": "confirmed", "page": "1"},
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many")
    parser.add_argument("--instances", type=int, choices=(1, 2), default=1)
    parser.add_argument("--ports", default="8106,8116")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per instance")
    parser.add_argument("--database", default="factcheck_load6")
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--hot", type=int, default=10, help="claims everyone works on")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--think",
        default="3",
        help="seconds each editor pauses between actions (on average, 50%%-150%% at random); "
        "several, comma-separated (e.g. 3,1.5,0.75,0.4), run one phase of --seconds each, to "
        "find the highest request rate with p95 under 300 ms",
    )
    return parser.parse_args()


# --- The server side -------------------------------------------------------------------------


def server_env(database):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",  # plain http on 127.0.0.1: no TLS proxy in front
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{database}",
        "LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def recreate_database(env, database):
    import psycopg

    with psycopg.connect(f"postgres://postgres@{HOST}:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")


def setup_django(env):
    os.environ.update({k: env[k] for k in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(users, claims):
    """Editors with one password (hashed once) and claims ready to be confirmed."""
    from datetime import date
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connections

    from factcheck.models import Claim, Claimant, Evidence

    User = get_user_model()
    hashed = make_password(PASSWORD)
    people = User.objects.bulk_create(
        [User(username=f"load-editor-{n:02d}", password=hashed) for n in range(users)]
    )
    Group.objects.get(name="Editor").user_set.add(*people)
    claimants = Claimant.objects.bulk_create(
        [Claimant(name=f"Load claimant {n}", kind="government") for n in range(10)]
    )
    made = Claim.objects.bulk_create(
        [
            Claim(
                statement=f"At least {n * 7 + 10} refugees crossed the border (load claim {n}).",
                claimant=claimants[n % 10],
                value=Decimal(n * 7 + 10),
                qualifier="at_least",
                counted="refugees",
                place="Ukraine",
                as_of=date(2022, 3, 1 + n % 28),
                methodology_notes="Checked against the border agency's daily figures.",
                created_by=people[n % users],
            )
            for n in range(claims)
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(claim=c, url="https://data.unhcr.org/en/situations/ukraine", stance="supports")
            for c in made
        ]
    )
    ids = [c.pk for c in made]
    connections.close_all()
    return [u.username for u in people], ids


def start_gunicorn(env, port, workers, log):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "factcheck.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        # Refusals (409, 400) are logged as warnings; keep them out of the figures.
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- The simulated editors ------------------------------------------------------------------


class Results:
    def __init__(self, max_requests):
        self.lock = threading.Lock()
        self.max_requests = max_requests
        self.count = 0
        self.latencies = defaultdict(list)  # page -> [seconds]
        self.codes = Counter()  # (page, status) -> n
        self.transitions_ok = Counter()  # claim id -> successful transitions seen by clients
        self.version_went_back = []
        self.max_seen = Counter()  # claim id -> highest version any editor saw
        self.errors = Counter()

    def merge(self, other):
        """Add another phase's outcomes (for the consistency check over the whole run)."""
        with self.lock:
            for page, values in other.latencies.items():
                self.latencies[page] += values
            self.codes.update(other.codes)
            self.transitions_ok.update(other.transitions_ok)
            self.version_went_back += other.version_went_back
            for claim_id, version in other.max_seen.items():
                self.max_seen[claim_id] = max(self.max_seen[claim_id], version)
            self.errors.update(other.errors)

    def take_ticket(self):
        with self.lock:
            if self.count >= self.max_requests:
                return False
            self.count += 1
            return True

    def record(self, page, status, seconds):
        with self.lock:
            self.latencies[page].append(seconds)
            self.codes[(page, status)] += 1


class Editor:
    def __init__(self, username, ports, results, rng):
        self.username = username
        self.connections = {
            port: http.client.HTTPConnection(HOST, port, timeout=60) for port in ports
        }
        self.results = results
        self.rng = rng
        self.cookies = {}
        self.seen_versions = {}

    def request(self, page, method, path, form=None):
        port = self.rng.choice(list(self.connections))
        conn = self.connections[port]
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            self.results.errors[type(error).__name__] += 1
            return None, ""
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.results.record(page, response.status, elapsed)
        return response.status, content

    def log_in(self):
        _, page = self.request("login", "GET", "/accounts/login/")
        token = CSRF.search(page).group(1)
        status, _ = self.request(
            "login",
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
        )
        if status != 302:
            raise SystemExit(f"{self.username} could not log in (HTTP {status})")

    def open_claim(self, claim_id):
        status, page = self.request("claim page", "GET", f"/claims/{claim_id}/")
        if status != 200:
            return None
        match = VERSION.search(page)
        if match:
            version = int(match.group(1))
            last = self.seen_versions.get(claim_id, 0)
            if version < last:
                self.results.version_went_back.append((self.username, claim_id, last, version))
            self.seen_versions[claim_id] = max(last, version)
            with self.results.lock:
                self.results.max_seen[claim_id] = max(self.results.max_seen[claim_id], version)
        return page

    def browse_queue(self):
        query = self.rng.choice(QUEUE_FILTERS)
        self.request("queue", "GET", "/claims/" + (f"?{urlencode(query)}" if query else ""))

    def add_evidence(self, claim_id, page):
        token = CSRF.search(page).group(1)
        self.request(
            "add evidence",
            "POST",
            f"/claims/{claim_id}/evidence/",
            {
                "csrfmiddlewaretoken": token,
                "url": f"https://example.org/source/{self.rng.randrange(10**6)}",
                "title": "Border agency figures",
                "stance": self.rng.choice(["supports", "supports", "context", "contradicts"]),
                "note": "Added under load.",
            },
        )

    def move(self, claim_id, page):
        version = VERSION.search(page)
        targets = BUTTONS.findall(page)
        if not version or not targets:
            return
        target = self.rng.choices(targets, [TRANSITION_WEIGHTS.get(t, 1) for t in targets])[0]
        status, _ = self.request(
            "transition",
            "POST",
            f"/claims/{claim_id}/transition/",
            {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "version": version.group(1),
                "to_status": target,
                "note": f"{self.username}: load test",
            },
        )
        if status == 302:
            with self.results.lock:
                self.results.transitions_ok[claim_id] += 1

    def export(self):
        # A newsroom's export: the verified figures as CSV, read to the end.
        self.request("export", "GET", "/exports/figures.csv?status=confirmed&has_figure=any")

    def tracker(self, claimant_id):
        self.request(
            "tracker", "GET", self.rng.choice(["/quantities/", f"/claimants/{claimant_id}/"])
        )

    def work(self, deadline, claim_ids, hot_ids, think=0.0, claimant_ids=()):
        while time.monotonic() < deadline and self.results.take_ticket():
            if think:
                time.sleep(think * (0.5 + self.rng.random()))
                if time.monotonic() >= deadline:
                    break
            self.act(claim_ids, hot_ids, claimant_ids)

    def act(self, claim_ids, hot_ids, claimant_ids):
        """One action: 25% queue, 5% export, 5% figure tracker, the rest on a claim."""
        roll = self.rng.random()
        if roll < 0.25:
            self.browse_queue()
            return
        if roll < 0.30:
            self.export()
            return
        if roll < 0.35 and claimant_ids:
            self.tracker(self.rng.choice(claimant_ids))
            return
        claim_id = self.rng.choice(hot_ids if self.rng.random() < 0.6 else claim_ids)
        page = self.open_claim(claim_id)
        if page is None or not self.results.take_ticket():
            return
        if roll < 0.50:
            self.add_evidence(claim_id, page)
        elif roll < 0.85:
            self.move(claim_id, page)


# --- Checks and report ------------------------------------------------------------------------


def p95_all(results):
    values = [v for page, vs in results.latencies.items() if page != "login" for v in vs]
    return percentile(values, 0.95) if values else 0.0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def consistency(results, claim_ids):
    from factcheck.models import Claim, StatusChange

    problems = []
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=claim_ids)}
    history = defaultdict(list)
    for change in StatusChange.objects.filter(claim_id__in=claim_ids).order_by("id"):
        history[change.claim_id].append(change)
    total_rows = sum(len(rows) for rows in history.values())
    total_ok = sum(results.transitions_ok.values())
    if total_rows != total_ok:
        problems.append(f"{total_ok} successful transitions but {total_rows} audit rows")
    for claim_id, claim in claims.items():
        rows = history[claim_id]
        if len(rows) != results.transitions_ok[claim_id]:
            problems.append(
                f"claim {claim_id}: {results.transitions_ok[claim_id]} successes, {len(rows)} rows"
            )
        current = "unverified"
        for row in rows:
            if row.from_status != current:
                problems.append(f"claim {claim_id}: history breaks at audit row {row.pk}")
            current = row.to_status
        if current != claim.status:
            problems.append(f"claim {claim_id}: history ends at {current}, claim is {claim.status}")
        seen = results.max_seen[claim_id]
        if claim.version < seen:
            problems.append(f"claim {claim_id}: version {claim.version} below one seen ({seen})")
    for username, claim_id, before, after in results.version_went_back:
        problems.append(f"{username} saw claim {claim_id} go from version {before} to {after}")
    fivexx = sum(n for (_, status), n in results.codes.items() if status >= 500)
    if fivexx:
        problems.append(f"{fivexx} responses were 5xx")
    if results.errors:
        problems.append(f"connection errors: {dict(results.errors)}")
    return problems, total_rows


def report(results, elapsed, instances, workers, users, problems, audit_rows):
    timed = {page: v for page, v in results.latencies.items() if page != "login"}
    total = sum(len(v) for v in timed.values())
    print(f"\n{instances} gunicorn instance(s) x {workers} workers, {users} editors, "
          f"{elapsed:.1f} s")  # fmt: skip
    print(f"{total} requests, {total / elapsed:.1f} requests/s")
    print(f"\n{'page':<14}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for page in sorted(timed):
        values = timed[page]
        print(
            f"{page:<14}{len(values):>9}"
            + "".join(f"{percentile(values, q) * 1000:>9.0f}" for q in (0.5, 0.95, 0.99))
        )
    print("\nstatus codes:")
    for (page, status), n in sorted(results.codes.items()):
        if page != "login":
            print(f"  {page:<14}{status}: {n}")
    successes = sum(results.transitions_ok.values())
    print(f"\nsuccessful transitions: {successes}; audit rows: {audit_rows}")
    if problems:
        print("\nCONSISTENCY CHECK FAILED:")
        for problem in problems:
            print(f"  - {problem}")
    else:
        print(
            "consistency: OK (one audit row per successful transition, unbroken histories, "
            "no version went backwards, no 5xx)"
        )


def main():
    args = parse_args()
    ports = [int(p) for p in args.ports.split(",")][: args.instances]
    env = server_env(args.database)
    print(f"Preparing database {args.database} on {HOST} ...", flush=True)
    recreate_database(env, args.database)
    setup_django(env)
    usernames, claim_ids = seed(args.users, args.claims)
    hot_ids = claim_ids[: args.hot]

    log_path = Path(tempfile.gettempdir()) / f"loadtest-{args.database}-gunicorn.log"
    log = log_path.open("w")
    print(f"gunicorn logs: {log_path}")
    servers = [start_gunicorn(env, port, args.workers, log) for port in ports]
    from factcheck.models import Claimant

    claimant_ids = list(Claimant.objects.values_list("pk", flat=True))
    thinks = [float(t) for t in args.think.split(",")]
    total = Results(args.max_requests)
    phases = []
    try:
        rng = random.Random(args.seed)
        editors = [Editor(name, ports, total, random.Random(rng.random())) for name in usernames]
        print(f"Logging {len(editors)} editors in ...", flush=True)
        started = time.monotonic()
        login_threads = [threading.Thread(target=e.log_in) for e in editors]
        for thread in login_threads:
            thread.start()
        for thread in login_threads:
            thread.join()
        print(f"  {time.monotonic() - started:.1f} s", flush=True)

        for think in thinks:
            results = Results(args.max_requests)
            for editor in editors:
                editor.results = results
            print(f"Running for {args.seconds:.0f} s, one action every {think} s per editor, "
                  f"on port(s) {ports} ...", flush=True)  # fmt: skip
            started = time.monotonic()
            deadline = started + args.seconds
            threads = [
                threading.Thread(
                    target=e.work, args=(deadline, claim_ids, hot_ids, think, claimant_ids)
                )
                for e in editors
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            phases.append((think, results, time.monotonic() - started))
            total.merge(results)
    finally:
        for server in servers:
            stop(server)

    problems, audit_rows = consistency(total, claim_ids)
    for think, results, elapsed in phases:
        print(f"\n=== one action every {think} s per editor ===")
        report(results, elapsed, len(ports), args.workers, len(editors), problems, audit_rows)
    summary = [
        (sum(len(v) for p, v in r.latencies.items() if p != "login") / e, p95_all(r), t)
        for t, r, e in phases
    ]
    under = [(rate, p95, t) for rate, p95, t in summary if p95 < 0.3]
    print("\nphase summary (think s: requests/s, p95 ms over all pages):")
    for rate, p95, t in summary:
        print(f"  {t:>5} s: {rate:6.1f} requests/s, p95 {p95 * 1000:.0f} ms")
    if under:
        rate, p95, t = max(under)
        print(f"highest request rate with p95 under 300 ms: {rate:.1f} requests/s (think {t} s)")
    else:
        print("no phase had p95 under 300 ms")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
