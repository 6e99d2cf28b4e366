"""Load test: 50 simulated editors against gunicorn on PostgreSQL, on 127.0.0.1 only.

    .venv/bin/python scripts/loadtest.py                 # one instance, port 8106
    .venv/bin/python scripts/loadtest.py --instances 2   # two instances (ports 8106 and 8116)
    .venv/bin/python scripts/loadtest.py --instances 2 --think 3,1.5,0.75,0.4   # step mode

It (re)creates a dedicated database (factcheck_load6 by default), migrates it, seeds claims and
editor accounts, starts gunicorn with production settings (DEBUG off), logs the editors in one
after another over --ramp seconds, as a newsroom's morning does (login hashes the password on
purpose slowly: its latency is reported on its own and the ramp is not part of the figures),
then for each --think value runs one phase of --seconds (its first --warmup seconds not
counted) in which each editor pauses between actions and then browses the queue with
filters, opens claims, adds evidence, moves claims through the workflow (many of them on the
same few claims, on purpose), exports the verified figures or opens the figure tracker.
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
KEEPALIVE_SECONDS = 1.5  # a connection idle longer than this is opened afresh
# What a server's closing of an idle keep-alive connection looks like to the client.
RESET = (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)
THREADS = [2]  # per worker, as started (for the report)
LOGIN = {"login form", "login post"}  # timed apart: hashing the password is slow on purpose
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
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn workers per instance (default: 2 x cores + 1 over all instances, at "
        "least 2 each: 5 for one instance on 2 cores, 2 each for two)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per gunicorn worker (gthread; 2: a long export does not hold a worker)",
    )
    parser.add_argument(
        "--ramp", type=float, default=30, help="seconds over which the editors log in"
    )
    parser.add_argument(
        "--warmup", type=float, default=5, help="seconds at the start of each phase not counted"
    )
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

    from factcheck.models import Claim, Claimant, Evidence, fill_folded_text

    User = get_user_model()
    hashed = make_password(PASSWORD)
    people = User.objects.bulk_create(
        [User(username=f"load-editor-{n:02d}", password=hashed) for n in range(users)]
    )
    Group.objects.get(name="Editor").user_set.add(*people)
    # bulk_create sends no pre_save signal: the folded columns are filled here.
    claimants = [Claimant(name=f"Load claimant {n}", kind="government") for n in range(10)]
    for claimant in claimants:
        fill_folded_text(claimant)
    claimants = Claimant.objects.bulk_create(claimants)
    new_claims = [
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
    for claim in new_claims:
        fill_folded_text(claim)
    made = Claim.objects.bulk_create(new_claims)
    Evidence.objects.bulk_create(
        [
            Evidence(claim=c, url="https://data.unhcr.org/en/situations/ukraine", stance="supports")
            for c in made
        ]
    )
    ids = [c.pk for c in made]
    connections.close_all()
    return [u.username for u in people], ids


def default_workers(instances):
    """Gunicorn's rule of thumb, 2 x cores + 1 processes, shared by the instances of this
    machine (at least 2 each): more processes than that only queue for the same cores."""
    cores = os.cpu_count() or 1
    return max(2, (2 * cores + 1) // instances)


def start_gunicorn(env, port, workers, threads, log):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "factcheck.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
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
        self.transitions_refused = 0
        self.version_went_back = []
        self.max_seen = Counter()  # claim id -> highest version any editor saw
        self.errors = Counter()
        self.retries = Counter()  # GETs sent again after a keep-alive connection was closed
        self.logins = []  # (seconds, worked)
        self.count_from = 0.0  # monotonic time: latencies of requests started earlier are not kept

    def merge(self, other):
        """Add another phase's outcomes (for the consistency check over the whole run)."""
        with self.lock:
            for page, values in other.latencies.items():
                self.latencies[page] += values
            self.codes.update(other.codes)
            self.transitions_ok.update(other.transitions_ok)
            self.transitions_refused += other.transitions_refused
            self.version_went_back += other.version_went_back
            for claim_id, version in other.max_seen.items():
                self.max_seen[claim_id] = max(self.max_seen[claim_id], version)
            self.errors.update(other.errors)
            self.retries.update(other.retries)

    def take_ticket(self):
        with self.lock:
            if self.count >= self.max_requests:
                return False
            self.count += 1
            return True

    def record(self, page, status, seconds, started=None):
        with self.lock:
            if started is None or started >= self.count_from:
                self.latencies[page].append(seconds)
            self.codes[(page, status)] += 1  # every status counts for the checks


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
        self.logged_in = False
        self.last_used = {}  # port -> monotonic time of the last response on it
        self.location = ""  # the last response's Location header

    def request(self, page, method, path, form=None):
        port = self.rng.choice(list(self.connections))
        conn = self.connections[port]
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if time.monotonic() - self.last_used.get(port, 0.0) > KEEPALIVE_SECONDS:
            # The server has closed it by now (gunicorn's keep-alive is 2 s), as a browser
            # finds after a pause: open a new one rather than write into a closed one.
            conn.close()
        started = time.perf_counter()
        started_at = time.monotonic()
        for attempt in (1, 2):
            reused = conn.sock is not None
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                # The server may close an idle keep-alive connection just as a request is
                # written into it. Browsers then send an idempotent request again on a new
                # connection (RFC 9112, section 9.3.1); do the same, once, and count it.
                if attempt == 1 and reused and method == "GET" and isinstance(error, RESET):
                    with self.results.lock:
                        self.results.retries[type(error).__name__] += 1
                    continue
                with self.results.lock:
                    self.results.errors[type(error).__name__] += 1
                return None, ""
        self.last_used[port] = time.monotonic()
        self.location = response.headers.get("Location", "")
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.results.record(page, response.status, elapsed, started_at)
        return response.status, content

    def log_in(self, at=None):
        """Log in (at monotonic time `at`, for the ramp); the whole exchange (form, then the
        POST) is timed as "login". Returns whether it worked."""
        if at is not None:
            time.sleep(max(0.0, at - time.monotonic()))
        started = time.perf_counter()
        _, page = self.request("login form", "GET", "/accounts/login/")
        match = CSRF.search(page or "")
        status = None
        if match:
            status, _ = self.request(
                "login post",
                "POST",
                "/accounts/login/",
                {"csrfmiddlewaretoken": match.group(1), "username": self.username,
                 "password": PASSWORD},
            )  # fmt: skip
        self.logged_in = status == 302
        with self.results.lock:
            self.results.logins.append((time.perf_counter() - started, self.logged_in))
        return self.logged_in

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
        if status != 302:
            return
        # Both answers are redirects to the claim page (Post/Redirect/Get); a refusal (stale
        # version, guard, not from this status) brings the reader to the workflow box.
        with self.results.lock:
            if "#workflow-heading" in self.location:
                self.results.transitions_refused += 1
            else:
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
    values = [v for page, vs in results.latencies.items() if page not in LOGIN for v in vs]
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


def report_logins(logins):
    """Login latency (form and POST together), apart from the figures: PBKDF2 is slow on
    purpose, and a newsroom logs in once a shift."""
    times = [seconds for seconds, _ in logins]
    failed = sum(1 for _, worked in logins if not worked)
    if not times:
        return
    print(
        f"  logins: {len(times)}, p50 {percentile(times, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
        f"failed {failed}",
        flush=True,
    )


def report(results, elapsed, instances, workers, users, problems, audit_rows):
    timed = {page: v for page, v in results.latencies.items() if page not in LOGIN}
    total = sum(len(v) for v in timed.values())
    print(f"\n{instances} gunicorn instance(s) x {workers} workers x {THREADS[0]} threads, "
          f"{users} editors, "
          f"{elapsed:.1f} s counted")  # fmt: skip
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
        if page not in LOGIN:
            print(f"  {page:<14}{status}: {n}")
    successes = sum(results.transitions_ok.values())
    print(
        f"\nsuccessful transitions: {successes} (refused: {results.transitions_refused}); "
        f"audit rows over the whole run: {audit_rows}"
    )
    if results.retries:
        retried = dict(results.retries)
        print(f"GETs sent again after the server closed an idle connection: {retried}")
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
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]), flush=True)
    print(f"Preparing database {args.database} on {HOST} ...", flush=True)
    recreate_database(env, args.database)
    setup_django(env)
    usernames, claim_ids = seed(args.users, args.claims)
    hot_ids = claim_ids[: args.hot]

    workers = args.workers or default_workers(len(ports))
    THREADS[0] = args.threads
    log_path = Path(tempfile.gettempdir()) / f"loadtest-{args.database}-gunicorn.log"
    log = log_path.open("w")
    print(f"gunicorn logs: {log_path}")
    servers = [start_gunicorn(env, port, workers, args.threads, log) for port in ports]
    from factcheck.models import Claimant

    claimant_ids = list(Claimant.objects.values_list("pk", flat=True))
    thinks = [float(t) for t in args.think.split(",")]
    total = Results(args.max_requests)
    phases = []
    try:
        rng = random.Random(args.seed)
        editors = [Editor(name, ports, total, random.Random(rng.random())) for name in usernames]
        print(f"Logging {len(editors)} editors in over {args.ramp:.0f} s ...", flush=True)
        started = time.monotonic()
        step = args.ramp / max(1, len(editors))
        login_threads = [
            threading.Thread(target=e.log_in, args=(started + n * step,))
            for n, e in enumerate(editors)
        ]
        for thread in login_threads:
            thread.start()
        for thread in login_threads:
            thread.join()
        print(f"  {time.monotonic() - started:.1f} s", flush=True)
        report_logins(total.logins)
        editors = [e for e in editors if e.logged_in]

        for think in thinks:
            results = Results(args.max_requests)
            for editor in editors:
                editor.results = results
            print(f"Running for {args.seconds:.0f} s, one action every {think} s per editor, "
                  f"on port(s) {ports} ...", flush=True)  # fmt: skip
            started = time.monotonic()
            results.count_from = started + args.warmup
            deadline = started + args.warmup + args.seconds
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
            phases.append((think, results, time.monotonic() - results.count_from))
            total.merge(results)
    finally:
        for server in servers:
            stop(server)

    problems, audit_rows = consistency(total, claim_ids)
    failed_logins = sum(1 for _, worked in total.logins if not worked)
    if failed_logins:
        problems.append(f"{failed_logins} editors could not log in (they did not take part)")
    for think, results, elapsed in phases:
        print(f"\n=== one action every {think} s per editor ===")
        report(results, elapsed, len(ports), workers, len(editors), problems, audit_rows)
    summary = [
        (sum(len(v) for p, v in r.latencies.items() if p not in LOGIN) / e, p95_all(r), t)
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
