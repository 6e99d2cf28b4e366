"""The app under attack: security headers, CSRF on every write, no write on GET, and everything
a user typed rendered escaped on every page, with only web links accepted."""

import re
import textwrap
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from rest_framework.views import APIView

from factcheck.claims import services as claim_services
from factcheck.claims.forms import ClaimForm, EvidenceForm
from factcheck.logins.throttle import ADDRESS_FAILURES
from factcheck.models import Claim, Evidence
from tests.conftest import WORLD_PK, make_world
from tests.test_settings import LONG_RANDOM_KEY, run_manage
from tests.urlwalk import admin_routes, app_routes

# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/claims/"])
def test_every_page_carries_the_security_headers(client, editor, path):
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def html_pages(client):
    for name, path in app_routes(WORLD_PK):
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            yield name, path, response.content.decode()


@pytest.mark.django_db
def test_no_page_needs_inline_scripts_or_styles(client, superuser, world):
    """The policy forbids them, so a page that used one would be broken in the browser."""
    client.force_login(superuser)
    checked = 0
    for name, path, page in html_pages(client):
        checked += 1
        assert not INLINE_SCRIPT.search(page), f"{name} {path} has an inline <script>"
        assert not INLINE_STYLE.search(page), f"{name} {path} has an inline style"
        assert not INLINE_HANDLER.search(page), f"{name} {path} has an inline on…= handler"
    assert checked >= 4


def test_production_settings_turn_on_hsts_and_secure_cookies():
    code = textwrap.dedent("""
        from django.conf import settings
        from django.test import Client, override_settings

        # Without collectstatic the manifest storage cannot name files: plain storage here.
        plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
        override_settings(STORAGES={"staticfiles": {"BACKEND": plain}}).enable()
        host = {"host": "factcheck.example.org"}
        r = Client().get("/accounts/login/", secure=True, headers=host)
        print(r.status_code, r["Strict-Transport-Security"])
        print("csrftoken-secure", r.cookies["csrftoken"]["secure"])
        print("session-secure", settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
        print("redirect", Client().get("/claims/", headers=host)["Location"])
    """)
    result = run_manage(
        "shell",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY=LONG_RANDOM_KEY,
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "200 max-age=31536000; includeSubDomains; preload" in out
    assert "csrftoken-secure True" in out
    assert "session-secure True True" in out
    assert "redirect https://factcheck.example.org/claims/" in out


# --- CSRF and safe methods ---------------------------------------------------------------------


# The only views without CSRF protection, and why. Each must prove its own request some other
# way; tests/notifications/test_email.py checks this one.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail programs POST to the link in List-Unsubscribe with
    # no session or token of ours; the signed user id in the URL is the proof, and all it can
    # do is turn that user's notification emails off.
    "notifications-unsubscribe",
}


def test_no_view_is_exempt_from_csrf():
    """Except the API's: DRF exempts its views from Django's check and checks CSRF itself for
    session users (the next test POSTs to every URL, the API's included, and is refused)."""
    for name, path in app_routes(WORLD_PK):
        callback = resolve(path).func
        if hasattr(callback, "cls") and issubclass(callback.cls, APIView):
            continue
        if name not in CSRF_EXEMPT:
            assert not getattr(callback, "csrf_exempt", False), f"{name} is csrf_exempt"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), app_routes(WORLD_PK))
def test_every_post_without_a_csrf_token_is_refused(superuser, world, name, path):
    if name in CSRF_EXEMPT:
        pytest.skip(f"{name} is exempt by design (see CSRF_EXEMPT)")
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = Claim.objects.count(), Evidence.objects.count()
    response = client.post(path, {"statement": "x", "url": "https://example.org/"})
    assert response.status_code == 403, f"{name} {path} answered {response.status_code}"
    assert b"CSRF" in response.content
    assert (Claim.objects.count(), Evidence.objects.count()) == before


@pytest.mark.django_db
def test_login_post_needs_a_csrf_token_too(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "editor", "password": "x"})
    assert response.status_code == 403


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), app_routes(WORLD_PK))
def test_no_get_changes_anything(client, superuser, world, name, path):
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, {"status": "confirmed", "page": "1"})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if WRITE.match(q["sql"]) and "django_session" not in q["sql"]
    ]
    assert writes == [], f"GET {path} ({name}) wrote: {writes}"


# --- Escaping ------------------------------------------------------------------------------------

PAYLOAD = (
    "<script>alert('xss')</script> \"onmouseover=\"alert(1)\" 'onmouseover='alert(2)' "
    "javascript:alert(3)"
)
URL_PAYLOAD = "https://example.org/?q=\"onmouseover=alert(1)&x=<script>alert(2)</script>&y='a'"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script elements, on…= handlers, script links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        source = attributes.get("src") or ""
        same_origin = source.startswith("/") and not source.startswith("//")
        data_only = attributes.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and not same_origin and not data_only:
            self.found.append(f"<script {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            # Browsers ignore control characters and spaces in a scheme: so does this check.
            compact = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in URL_ATTRIBUTES and compact.startswith(SCRIPT_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def assert_escaped(page, where):
    """Nothing a user typed became markup: the page's only scripts are our static files, no
    element has an on…= handler, and no link runs script. (Quotes in text are harmless.)"""
    parser = ActiveContent()
    parser.feed(page)
    assert parser.found == [], f"{where} renders active content: {parser.found}"


def test_the_escaping_check_sees_what_a_browser_would_run():
    for attack in [
        "<script>alert(1)</script>",
        '<a href="x" onmouseover="alert(1)">',
        "<a href=' JaVa\tScRiPt:alert(1)'>",
        "<img src=x onerror=alert(1)>",
        '<svg><a xlink:href="javascript:alert(1)"></a></svg>',
    ]:
        with pytest.raises(AssertionError):
            assert_escaped(f"<p>{attack}</p>", "sample")
    assert_escaped('<p title="&quot;onmouseover=">"onmouseover=x &lt;script&gt;</p>', "sample")


@pytest.fixture
def poisoned(editor):
    return make_world(owner=editor, actor=editor, text=PAYLOAD, url=URL_PAYLOAD)


@pytest.mark.django_db
def test_every_page_renders_what_users_typed_escaped(client, superuser, poisoned):
    client.force_login(superuser)
    shown_on = []
    for name, path, page in html_pages(client):
        assert_escaped(page, f"{name} {path}")
        if "&lt;script&gt;alert(" in page:
            shown_on.append(name)
    # The payload really is on the pages that show a claim (so the test sees something).
    assert {"claim-list", "claim-detail", "claim-edit", "intake", "intake-review"} <= set(shown_on)
    detail = client.get(poisoned.get_absolute_url()).content.decode()
    assert "&quot;onmouseover=" in detail
    assert "&#x27;onmouseover=" in detail
    # The article's text is marked up on the server: our <mark>s around its escaped words.
    review = client.get(f"/intake/{WORLD_PK}/").content.decode()
    assert f'<mark id="mark-{WORLD_PK}" class="draft-mark draft-pending">&lt;script&gt;' in review


ADMIN_PAGES = [
    "/admin/factcheck/claim/",
    f"/admin/factcheck/claim/{WORLD_PK}/change/",
    "/admin/factcheck/claimant/",
    f"/admin/factcheck/claimant/{WORLD_PK}/change/",
    "/admin/factcheck/evidence/",
    f"/admin/factcheck/evidence/{WORLD_PK}/change/",
    "/admin/factcheck/statuschange/",
    f"/admin/factcheck/statuschange/{WORLD_PK}/change/",
    "/admin/factcheck/claimchange/",
    f"/admin/factcheck/claimchange/{WORLD_PK}/change/",
    "/admin/factcheck/quantitychange/",
    f"/admin/factcheck/quantitychange/{WORLD_PK}/change/",
    "/admin/factcheck/comment/",
    f"/admin/factcheck/comment/{WORLD_PK}/change/",
    "/admin/factcheck/notification/",
    f"/admin/factcheck/notification/{WORLD_PK}/change/",
    "/admin/factcheck/article/",
    f"/admin/factcheck/article/{WORLD_PK}/change/",
    "/admin/factcheck/draftedclaim/",
    f"/admin/factcheck/draftedclaim/{WORLD_PK}/change/",
    "/admin/factcheck/trackedquantity/",
    f"/admin/factcheck/trackedquantity/{WORLD_PK}/change/",
    "/admin/factcheck/loginfailure/",
    f"/admin/factcheck/loginfailure/{WORLD_PK}/change/",
    "/admin/factcheck/claim/?q=%3Cscript%3Ealert(1)%3C/script%3E",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_render_what_users_typed_escaped(client, superuser, poisoned, path):
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert_escaped(page, path)
    assert "&lt;script&gt;alert(" in page


def test_admin_pages_listed_cover_every_factcheck_model():
    models = {m.group(1) for m in map(re.compile(r"factcheck/(\w+)/").search, ADMIN_PAGES) if m}
    registered = {
        name.split("_")[1] for name, _ in admin_routes() if (name or "").startswith("factcheck_")
    }
    assert registered <= models


@pytest.mark.django_db
def test_query_strings_are_echoed_escaped(client, editor, world):
    client.force_login(editor)
    page = client.get("/claims/", {"q": PAYLOAD, "status": PAYLOAD, "page": "1"}).content.decode()
    assert_escaped(page, "/claims/?q=…")


@pytest.mark.django_db
def test_the_throttles_wait_page_escapes_the_username(client):
    for _ in range(ADDRESS_FAILURES + 1):
        response = client.post("/accounts/login/", {"username": PAYLOAD[:150], "password": "x"})
    assert "Try again in" in response.content.decode()
    assert_escaped(response.content.decode(), "the throttle's wait page")


# --- Only web links --------------------------------------------------------------------------

NOT_WEB = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", NOT_WEB)
def test_forms_accept_only_web_links(url):
    claim_form = ClaimForm(data={"statement": "x", "new_claimant_name": "Y", "source_url": url})
    assert "source_url" in claim_form.errors
    evidence_form = EvidenceForm(data={"url": url, "stance": "supports"})
    assert "url" in evidence_form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("url", NOT_WEB)
def test_services_accept_only_web_links(editor, claim, url):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        claim_services.create_claim(
            actor=editor, data={"statement": "x", "claimant": claim.claimant, "source_url": url}
        )
    with pytest.raises(ValidationError):
        claim_services.add_evidence(claim=claim, actor=editor, url=url, stance="supports")
    assert Claim.objects.count() == 1
    assert not Evidence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", NOT_WEB)
def test_admin_accepts_only_web_links_for_claimants(client, superuser, url):
    from factcheck.models import Claimant

    client.force_login(superuser)
    response = client.post(
        "/admin/factcheck/claimant/add/", {"name": "Someone", "kind": "other", "url": url}
    )
    assert response.status_code == 200
    assert not Claimant.objects.filter(name="Someone").exists()
