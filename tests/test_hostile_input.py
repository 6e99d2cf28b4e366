"""Nothing a user sends answers a 500: the roads to a 500 that an attack run found, one test
each, then a hostile corpus sent to every URL of the project and the admin.

The corpus walk (`test_no_url_answers_a_500_to_the_hostile_corpus`) takes every URL from the
URL configuration (tests/urlwalk.py, the admin's through tests/test_permissions.ADMIN_PATHS),
with every object at WORLD_PK, and sends, by GET and by POST:

- each corpus value in *every* parameter the app and the admin read (PARAMETERS) at once,
  as a superuser (who gets furthest into every view) and as one more role, turning with the
  value and the URL (anonymous, reporter, viewer, editor, superuser), so every role meets
  every URL several times and every value every role;
- MIXES requests per URL and method in which each parameter independently gets either a
  plausible value (so a view gets past its first check) or a corpus value, from a seeded
  random generator, as an editor and as a superuser;
- a login-shaped form in UTF-16 and in Latin-1 to every URL.

That is about 65 requests per URL and method rather than parameters × values × roles
(~70 × 30 × 5), which keeps the walk under a minute per database on two cores; the seed is
fixed, so a failure is repeatable. Every answer must be below 500.
"""

import random
from urllib.parse import quote

import pytest
from django.test import Client

from factcheck.models import Claim, StatusChange
from factcheck.queue import selectors
from tests.conftest import WORLD_PK
from tests.factories import ClaimFactory
from tests.test_permissions import ADMIN_PATHS, POST_BODY, ROLES
from tests.urlwalk import app_routes

pytestmark = pytest.mark.django_db

CORPUS = [
    "²",  # superscript two: str.isdigit() says yes, int() says no
    "٣",  # Arabic-Indic three: int() reads it as 3
    "१२",  # Devanagari twelve
    "一",
    "Ⅻ",
    "３",  # full-width three
    "-1",
    "0",
    "99999999999999999999",
    str(2**63),
    "-9223372036854775809",
    "1e309",
    "NaN",
    "-Infinity",
    "2022-02-30",
    "0000-00-00",
    "99999-12-31",
    "0001-01-01T00:00:00+14:00",
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate: sent as the bytes UTF-8 would give it
    "\udcff\ud800x",
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    " ",
    "",
]
# Parameter names the app's pages and the admin read.
PARAMETERS = [
    *["status", "claimant", "assignee", "has_figure", "counted", "created_after"],
    *["created_before", "q", "sort", "page", "date_basis", "date_from", "date_to", "format"],
    *["action", "claims", "quantity", "next", "back", "to_status", "version", "note"],
    *["expected_version", "url", "title", "stance", "statement", "new_claimant_name"],
    *["new_claimant_kind", "value", "value_high", "qualifier", "unit", "place", "as_of"],
    *["methodology_notes", "source_url", "source_title", "source_date", "assigned_to"],
    *["name", "description", "kind", "username", "password", "old_password"],
    *["new_password1", "new_password2", f"version_{WORLD_PK}", "version_²", "version_x"],
    # the admin's lists, drill-downs and autocomplete
    *["created_at__year", "created_at__month", "created_at__day", "changed_at__year"],
    *["attempt_time__year", "status__exact", "claimant__kind__exact", "qualifier__exact"],
    *["claimant__id__exact", "o", "p", "e", "_changelist_filters", "term", "app_label"],
    *["model_name", "field_name", "_popup", "_to_field", "all", "select_across", "index"],
    "_selected_action",
]
PLAUSIBLE = {
    **POST_BODY,
    "claims": str(WORLD_PK),
    "quantity": str(WORLD_PK),
    "claimant": str(WORLD_PK),
    "action": "assign",
    "page": "2",
    "app_label": "factcheck",
    "model_name": "claim",
    "field_name": "claimant",
    f"version_{WORLD_PK}": "1",
    "created_at__year": "2022",
}
MIXES = 6
# The admin's inline formsets need their management form to get as far as the fields.
ALWAYS = [
    (f"{prefix}-{count}_FORMS", "0")
    for prefix in ("evidence", "status_changes")
    for count in ("TOTAL", "INITIAL")
]


def encode(pairs, charset="utf-8"):
    """A query string or form body, lone surrogates as the bytes UTF-8 would give them."""
    errors = "surrogatepass" if charset == "utf-8" else "replace"
    return "&".join(
        f"{quote(k, encoding=charset, errors=errors)}={quote(v, encoding=charset, errors=errors)}"
        for k, v in pairs
    )


def send(client, method, path, pairs, charset="utf-8"):
    body = encode([*pairs, *ALWAYS], charset)
    if method == "get":
        return client.generic("GET", path, QUERY_STRING=body)
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    return client.generic("POST", path, body.encode("ascii"), content_type=content_type)


def every_path():
    return [path for _, path in app_routes(WORLD_PK)] + [
        path for path in ADMIN_PATHS if path != "/admin/logout/"
    ]


@pytest.fixture
def clients(world, reporter, viewer, editor, superuser):
    """A logged-in client per role, failures answered as responses rather than raised."""
    users = {"reporter": reporter, "viewer": viewer, "editor": editor, "superuser": superuser}
    made = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role in users:
            client.force_login(users[role])
        made[role] = client
    return made


def test_no_url_answers_a_500_to_the_hostile_corpus(clients):
    rng = random.Random(14)
    failures = []
    for turn, path in enumerate(every_path()):
        for method in ("get", "post"):
            sent = []
            for i, value in enumerate(CORPUS):
                everywhere = [(name, value) for name in PARAMETERS]
                sent.append((ROLES[(i + turn) % len(ROLES)], everywhere))
                sent.append(("superuser", everywhere))
            for i in range(MIXES):
                pairs = [
                    (name, rng.choice(CORPUS) if rng.random() < 0.5 else PLAUSIBLE.get(name, "1"))
                    for name in PARAMETERS
                ]
                sent.append(("editor" if i % 2 else "superuser", pairs))
            if method == "post":
                login = [("username", "editor"), ("password", "é-secret")]
                sent += [("editor", (login, "utf-16")), ("anonymous", (login, "latin-1"))]
            for role, pairs in sent:
                charset = "utf-8"
                if isinstance(pairs, tuple):
                    pairs, charset = pairs
                response = send(clients[role], method, path, pairs, charset)
                if response.status_code >= 500:
                    failures.append(f"{role} {method.upper()} {path} {pairs[0][1][:20]!r}")
    assert not failures, "\n".join(failures[:40])


# --- The roads found by the attack run, one by one ------------------------------------------


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_login_with_an_overlong_user_name_is_refused_with_a_message(anonymous, path):
    response = anonymous.post(path, {"username": "u" * 300, "password": "secret"})
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "iso-8859-1"])
def test_a_login_form_in_another_charset_is_a_400(anonymous, editor, charset):
    body = "username=editor&password=x".encode(charset)
    response = anonymous.generic(
        "POST",
        "/accounts/login/",
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert f"charset={charset}" in response.content.decode()


@pytest.mark.parametrize(
    "post",
    [
        {"action": "assign", f"version_{WORLD_PK}": "²", "assignee": "none"},
        {"action": "assign", "version_²": "1", "assignee": "none"},
        {"action": "assign", f"version_{WORLD_PK}": "1", "assignee": "²"},
    ],
)
def test_bulk_actions_read_only_ascii_digits(clients, post):
    response = clients["editor"].post(
        "/claims/bulk/", {"claims": str(WORLD_PK), **post}, follow=True
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("quantity", ["²", "٣", "３"])
def test_attaching_to_a_quantity_named_by_other_digits_says_there_is_none(clients, quantity):
    response = clients["editor"].post(
        "/quantities/attach/", {"claims": str(WORLD_PK), "quantity": quantity}, follow=True
    )
    assert response.status_code == 200
    assert f"There is no tracked quantity “{quantity}”" in response.content.decode()


def test_the_admin_claimant_field_with_other_digits_is_a_form_error(clients):
    response = clients["superuser"].post(
        "/admin/factcheck/claim/add/",
        {
            "statement": "x",
            "claimant": "²",
            **{
                f"{p}-{c}_FORMS": 0
                for p in ("evidence", "status_changes")
                for c in ("TOTAL", "INITIAL")
            },
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_nul_in_a_transition_note_is_refused_and_nothing_moves(clients):
    response = clients["editor"].post(
        f"/claims/{WORLD_PK}/transition/",
        {"to_status": "in_review", "version": "1", "note": "bad\x00note"},
    )
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert Claim.objects.get(pk=WORLD_PK).version == 1
    assert StatusChange.objects.filter(claim_id=WORLD_PK).count() == 2


def test_a_page_far_beyond_a_search_above_the_count_limit_is_a_404(clients, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    ClaimFactory.create_batch(5, statement="a claim")
    response = clients["viewer"].get("/claims/", {"q": "a", "page": "1000000000000000000"})
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["99999999999999999999", "0", "10000", "²", "-1"])
@pytest.mark.parametrize(
    "path",
    ["/admin/factcheck/claim/", "/admin/factcheck/statuschange/", "/admin/axes/accessattempt/"],
)
def test_admin_date_drill_downs_with_absurd_years_are_refused(clients, path, year):
    field = {"claim": "created_at", "statuschange": "changed_at"}.get(
        path.split("/")[3], "attempt_time"
    )
    response = clients["superuser"].get(path, {f"{field}__year": year})
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "path, query",
    [
        ("/admin/factcheck/claim/", {"status__exact": "\x00"}),
        ("/admin/factcheck/claim/", {"q": "\x00"}),
        ("/admin/factcheck/claim/", {"claimant__id__exact": "\x00"}),
        (
            "/admin/autocomplete/",
            {
                "term": "\x00",
                "app_label": "factcheck",
                "model_name": "claim",
                "field_name": "claimant",
            },
        ),
    ],
)
def test_a_nul_in_admin_filters_and_autocomplete_is_a_400(clients, path, query):
    assert clients["superuser"].get(path, query).status_code == 400


@pytest.mark.parametrize("where", ["0", "-1", "claim-list"])
def test_attaching_with_a_next_that_is_no_address_goes_back_to_the_list(clients, where):
    response = clients["editor"].post(
        "/quantities/attach/", {"claims": str(WORLD_PK), "quantity": "²", "next": where}
    )
    assert response.status_code == 302
    assert response["Location"] in (where, "/quantities/")
