"""Who may do what, page by page: every URL of the project, for every role, GET and POST.

The matrix is data: one line per URL name. A URL missing from it fails the test, so a new
page cannot ship without someone deciding who may use it.

    login  redirect to the login page
    302    redirect elsewhere (done, or sent on)
    200    the page, or the form again with its errors
    400    request not understood (nothing written)
    401    not signed in (the API: a problem document instead of the login page)
    403    refused: no permission
    405    method not allowed
    415    the API takes JSON only; 428 it wants If-Match

The POST body is a plausible form submission (below), so each view gets as far as its
permission check. Objects in URLs are the `world` fixture: an unverified claim created by an
editor (not by the reporter), its claimant, evidence and history, the editor's comment on it,
a notification for the editor, an article and its pending draft, all with id WORLD_PK.
"""

import re

import pytest
from django.urls import reverse

from tests.conftest import WORLD_PK
from tests.urlwalk import admin_routes, app_routes

ROLES = ("anonymous", "reporter", "viewer", "editor", "superuser")

# fmt: off
#  url name                   GET: anonymous reporter viewer editor superuser | POST: the same
MATRIX = {
    "home":                  "login 302 302 302 302 | login 302 302 302 302",
    "login":                 "200   200 200 200 200 | 200   200 200 200 200",
    "logout":                "login 405 405 405 405 | login 302 302 302 302",
    "password_change":       "login 200 200 200 200 | login 200 200 200 200",
    "password_change_done":  "login 200 200 200 200 | login 405 405 405 405",
    "claim-list":            "login 200 200 200 200 | login 405 405 405 405",
    "claim-bulk":            "login 403 403 302 302 | login 403 403 302 302",
    "claim-create":          "login 200 403 200 200 | login 200 403 200 200",
    "claim-import":          "login 403 403 200 200 | login 403 403 200 200",
    "claim-import-template": "login 403 403 200 200 | login 403 403 405 405",
    "claim-detail":          "login 200 200 200 200 | login 405 405 405 405",
    "claim-edit":            "login 403 403 200 200 | login 403 403 200 200",
    "claim-add-evidence":    "login 405 405 405 405 | login 302 403 302 302",
    "claim-change-evidence": "login 405 405 405 405 | login 403 403 302 302",
    "claim-remove-evidence": "login 405 405 405 405 | login 403 403 302 302",

    "claimant-list":         "login 200 200 200 200 | login 405 405 405 405",
    "quantity-edit":         "login 403 403 200 200 | login 403 403 200 200",
    "claim-transition":      "login 405 405 405 405 | login 403 403 302 302",
    "quantity-list":         "login 200 200 200 200 | login 405 405 405 405",
    "quantity-create":       "login 403 403 200 200 | login 403 403 200 200",
    "quantity-attach":       "login 403 403 400 400 | login 403 403 302 302",
    "quantity-detail":       "login 200 200 200 200 | login 405 405 405 405",
    "quantity-csv":          "login 403 200 200 200 | login 405 405 405 405",
    "quantity-json":         "login 403 200 200 200 | login 405 405 405 405",
    "claimant-detail":       "login 200 200 200 200 | login 405 405 405 405",
    "claim-assign":          "login 405 405 405 405 | login 403 403 302 302",
    "claim-duplicate":       "login 405 405 405 405 | login 403 403 302 302",
    "export-page":           "login 403 200 200 200 | login 403 405 405 405",
    "export-csv":            "login 403 200 200 200 | login 403 405 405 405",
    "export-json":           "login 403 200 200 200 | login 403 405 405 405",
    "export-hxl":            "login 403 200 200 200 | login 403 405 405 405",
    "export-claimreview":    "login 403 200 200 200 | login 403 405 405 405",
    "comment-post":          "login 405 405 405 405 | login 302 302 302 302",
    "comment-mentions":      "login 200 200 200 200 | login 405 405 405 405",
    "claim-watch":           "login 405 405 405 405 | login 302 302 302 302",
    # the world's comment is the editor's, posted just now: theirs to change for 15 minutes
    "comment-edit":          "login 405 405 405 405 | login 403 403 302 403",
    "comment-delete":        "login 405 405 405 405 | login 403 403 302 403",
    "comment-hide":          "login 405 405 405 405 | login 403 403 302 302",
    "notification-list":     "login 200 200 200 200 | login 405 405 405 405",
    "notification-read-all": "login 405 405 405 405 | login 302 302 302 302",
    # the world's notification is the editor's; nobody else learns it exists
    "notification-open":     "login 404 404 302 404 | login 405 405 405 405",
    "notification-read":     "login 405 405 405 405 | login 404 404 302 404",
    # no login needed (email links); "x" is no signed token
    "notifications-unsubscribe": "404 404 404 404 404 | 404 404 404 404 404",
    "user-settings":         "login 200 200 200 200 | login 302 302 302 302",
    "token-list":            "login 200 200 200 200 | login 200 200 200 200",
    "token-revoke":          "login 405 405 405 405 | login 302 302 302 302",
    # The API: 401 (a problem document) instead of the login page; a form-encoded POST that
    # passes the permission check is 415 (JSON only); transitions want If-Match first (428).
    "api-schema":            "401   200 200 200 200 | 401   405 405 405 405",
    "api-docs":              "login 200 200 200 200 | login 405 405 405 405",
    "api-claim-list":        "401   200 200 200 200 | 401   415 403 415 415",
    "api-claim-detail":      "401   200 200 200 200 | 401   405 403 405 405",
    "api-claim-transitions": "401   405 405 405 405 | 401   403 403 428 428",
    "api-claim-evidence":    "401   405 405 405 405 | 401   415 403 415 415",
    "api-claim-assignment":  "401   405 405 405 405 | 401   403 403 415 415",
    "api-claim-matches":     "401   400 400 400 400 | 401   405 405 405 405",  # no statement
    "api-claim-comments":    "401   200 200 200 200 | 401   415 415 415 415",
    "api-claim-comment":     "401   200 200 200 200 | 401   405 405 405 405",
    "api-intake":            "401   405 405 405 405 | 401   415 403 415 415",
    "api-webhook-list":      "401   403 403 200 200 | 401   403 403 415 415",
    "api-webhook-detail":    "401   403 403 200 200 | 401   403 403 405 405",
    "api-webhook-deliveries": "401  403 403 200 200 | 401   403 403 405 405",
    "api-claimant-list":     "401   200 200 200 200 | 401   415 403 415 415",
    "api-claimant-detail":   "401   200 200 200 200 | 401   405 405 405 405",
    "api-quantity-list":     "401   200 200 200 200 | 401   403 403 415 415",
    "api-quantity-detail":   "401   200 200 200 200 | 401   405 405 405 405",
    "api-quantity-claims":   "401   405 405 405 405 | 401   403 403 415 415",
    "api-quantity-series":   "401   403 200 200 200 | 401   403 405 405 405",
    "api-figures":           "401   403 200 200 200 | 401   403 405 405 405",
    "api-not-found":         "404   404 404 404 404 | 404   404 404 404 404",
    "intake":                "login 200 403 200 200 | login 200 403 200 200",
    "intake-review":         "login 200 403 200 200 | login 405 405 405 405",
    "intake-draft-sentence": "login 405 405 405 405 | login 400 403 400 400",
    "intake-accept":         "login 405 405 405 405 | login 302 403 302 302",
    "intake-reject":         "login 405 405 405 405 | login 302 403 302 302",
    "intake-restore":        "login 405 405 405 405 | login 302 403 302 302",
    "claim-import-job":      "login 403 403 200 200 | login 403 403 302 302",
    "claim-import-matches":  "login 403 403 200 200 | login 403 403 405 405",
    "webhook-list":          "login 403 403 200 200 | login 403 403 405 405",
    "webhook-create":        "login 403 403 200 200 | login 403 403 400 400",
    "webhook-detail":        "login 403 403 200 200 | login 403 403 405 405",
    "webhook-edit":          "login 403 403 200 200 | login 403 403 400 400",
    "webhook-pause":         "login 405 405 405 405 | login 403 403 302 302",
    "webhook-resume":        "login 405 405 405 405 | login 403 403 302 302",
    "webhook-delete":        "login 405 405 405 405 | login 403 403 302 302",
    "healthz":               "200   200 200 200 200 | 405   405 405 405 405",
}
# fmt: on

POST_BODY = {
    # claim forms: a statement without a claimant, so nothing is saved (the form comes back)
    "statement": "Matrix check",
    # evidence
    "url": "https://example.org/matrix",
    "stance": "context",
    # workflow: start the review of the world claim (version 1); assign it to nobody
    "to_status": "in_review",
    "version": "1",
    "note": "Matrix check",
    "assigned_to": "",
    # comments: a comment, a reason to hide one; settings: the email preference
    "body": "Matrix check",
    "reason": "Matrix check",
    "email": "digest",
}


def expectations():
    for name, line in MATRIX.items():
        get, post = (part.split() for part in line.split("|"))
        assert len(get) == len(post) == len(ROLES), f"{name}: one answer per role, please"
        for role, answer in zip(ROLES, get, strict=True):
            yield name, "get", role, answer
        for role, answer in zip(ROLES, post, strict=True):
            yield name, "post", role, answer


def app_paths():
    return dict(app_routes(WORLD_PK))


def test_every_url_is_in_the_matrix():
    missing = sorted(set(app_paths()) - set(MATRIX))
    assert not missing, f"New URL names {missing}: add them to the matrix in {__file__}"
    unknown = sorted(set(MATRIX) - set(app_paths()))
    assert not unknown, f"{unknown} are in the matrix but no longer URLs: remove them"


@pytest.fixture
def as_role(client, request, world):
    def log_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return log_in


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "role", "answer"), list(expectations()))
def test_matrix(as_role, name, method, role, answer):
    client = as_role(role)
    path = app_paths()[name]
    response = getattr(client, method)(path, POST_BODY) if method == "post" else client.get(path)
    where = f"{role} {method.upper()} {path} ({name})"
    if answer == "login":
        assert response.status_code == 302, f"{where}: {response.status_code}, not a login"
        assert response["Location"].startswith(reverse("login") + "?next="), where
    else:
        assert response.status_code == int(answer), f"{where}: {response.status_code}"
        if answer == "302":
            assert not response["Location"].startswith(reverse("login") + "?next="), where


# --- The admin: staff only, whatever the page --------------------------------------------------


def admin_path(route):
    route = re.sub(r"\(\?P<\w+>([^|)]+)[^)]*\)", r"\1", route)  # (?P<app_label>auth|…) -> auth
    route = re.sub(r"<(?:(\w+):)?\w+>", str(WORLD_PK), route)
    return "/" + re.sub(r"[\^$]|\\Z", "", route)


# The catch-all route only answers 404 (or the login page); logging out would end the test.
ADMIN_PATHS = sorted(
    {admin_path(route) for _, route in admin_routes() if ".*" not in route} - {"/admin/logout/"}
)


def test_the_admin_walk_finds_the_factcheck_and_axes_pages():
    assert "/admin/factcheck/claim/" in ADMIN_PATHS
    assert "/admin/axes/accessattempt/" in ADMIN_PATHS


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reporter", "viewer", "editor"])
def test_only_staff_reach_the_admin(as_role, role):
    client = as_role(role)
    for path in ADMIN_PATHS:
        if path == "/admin/login/":
            continue
        response = client.get(path)
        assert response.status_code == 302, f"{role} GET {path}: {response.status_code}"
        assert "/login/?next=" in response["Location"], f"{role} GET {path}"


# Pages the admin refuses even to superusers, by design.
ADMIN_REFUSES_EVERYONE = {
    f"/admin/factcheck/statuschange/{WORLD_PK}/delete/": "the audit trail is append-only",
    "/admin/factcheck/statuschange/add/": "history is written by the workflow service",
    f"/admin/factcheck/claimchange/{WORLD_PK}/delete/": "the audit trail is append-only",
    "/admin/factcheck/claimchange/add/": "history is written by the services that change",
    f"/admin/factcheck/quantitychange/{WORLD_PK}/delete/": "the audit trail is append-only",
    "/admin/factcheck/quantitychange/add/": "written by the quantity service",
    "/admin/factcheck/evidence/add/": "evidence is added on the claim page, through its service",
    "/admin/factcheck/comment/add/": "comments are posted on the claim page, through its service",
    f"/admin/factcheck/comment/{WORLD_PK}/delete/": "deleting one leaves an audit row (service)",
    "/admin/factcheck/notification/add/": "notifications are written with the change they tell",
    f"/admin/factcheck/notification/{WORLD_PK}/delete/": "likewise",
    "/admin/factcheck/article/add/": "articles are pasted on the intake page, through its service",
    f"/admin/factcheck/article/{WORLD_PK}/delete/": "its drafts link claims to their sentence",
    "/admin/factcheck/draftedclaim/add/": "drafts are made by intake",
    f"/admin/factcheck/draftedclaim/{WORLD_PK}/delete/": "likewise",
    "/admin/axes/accessattempt/add/": "login attempts are recorded, not typed in",
    "/admin/factcheck/loginfailure/add/": "likewise, by the login throttle",
    "/admin/axes/accessfailurelog/add/": "likewise",
    "/admin/axes/accesslog/add/": "likewise",
    "/admin/django_tasks_database/dbtaskresult/add/": "tasks are enqueued by the app",
    f"/admin/django_tasks_database/dbtaskresult/{WORLD_PK}/delete/": "django-tasks-db's rule",
}


@pytest.mark.django_db
def test_superuser_reaches_every_admin_page(as_role):
    client = as_role("superuser")
    # Autocomplete refuses (403) a request that does not say which field it completes.
    autocomplete = {"app_label": "factcheck", "model_name": "claim", "field_name": "claimant"}
    for path in ADMIN_PATHS:
        response = client.get(path, autocomplete if path == "/admin/autocomplete/" else {})
        if path in ADMIN_REFUSES_EVERYONE:
            assert response.status_code == 403, f"GET {path}: {response.status_code}"
        else:
            # 404 where no object has WORLD_PK (e.g. a user's password page); never 5xx
            assert response.status_code in (200, 302, 404), f"GET {path}: {response.status_code}"


@pytest.mark.django_db
def test_a_viewer_posting_nonsense_evidence_is_refused_not_shown_form_errors(as_role):
    response = as_role("viewer").post(f"/claims/{WORLD_PK}/evidence/", {"url": "nonsense"})
    assert response.status_code == 403
