"""Settings for Factcheck desk, read from the environment.

DEBUG, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are the knobs; everything else
is fixed here so that every deployment behaves the same.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from factcheck.booleans import FALSE_WORDS, TRUE_WORDS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or not word:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    # Accepted (ruff S105, bandit B105): a known key, but only ever used with DEBUG on.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "bootstrap",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factcheck",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "factcheck.http_headers.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check reads the form: refuse NUL, non-UTF-8 forms, absurd admin dates.
    "factcheck.request_checks.RequestChecksMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Gives a browser that has just logged in its device cookie (factcheck.logins.device).
    "factcheck.logins.device.DeviceCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A service's refusal that no view showed in place: its status and message, not a 500.
    "factcheck.http_errors.RefusalMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: the login throttle (factcheck.logins.throttle), which checks the password itself
    # when it lets the attempt through.
    "factcheck.auth_backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL (e.g. postgres://user@host:5432/factcheck) overrides.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, with a flush that leaves the audit trail's triggers in place (see it).
    DATABASES["default"]["ENGINE"] = "factcheck.db.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
# Newsroom computers are shared: a login lasts one working shift (FACTCHECK_SESSION_HOURS,
# 8 by default, counted from the login) and ends when the browser is closed.
SESSION_COOKIE_AGE = int(float(os.environ.get("FACTCHECK_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("FACTCHECK_SESSION_ENDS_WITH_BROWSER", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Security: login throttling and Content-Security-Policy -----------------

# The throttle is factcheck.logins.throttle (rates, no lockout). django-axes only records
# logins in the database, for the admin's pages: it locks nothing out.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCK_OUT_AT_FAILURE = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address (factcheck.logins.throttle.client_address): REMOTE_ADDR, which no client
# can forge; behind the TLS proxy, the address that proxy appended to X-Forwarded-For, since
# REMOTE_ADDR is then the proxy's own, shared by everyone.
AXES_CLIENT_IP_CALLABLE = "factcheck.logins.throttle.client_address"
FACTCHECK_TRUSTED_PROXIES = (
    int(os.environ.get("TRUSTED_PROXY_COUNT", "1")) if env_bool("BEHIND_TLS_PROXY", False) else 0
)

# No inline scripts or styles anywhere: CSS and JS are static files from our own origin.
# Bootstrap's CSS draws a few icons (select arrows, the menu button) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header.
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Factcheck desk ---------------------------------------------------------

# The organisation named as author of exported fact-checks (ClaimReview).
FACTCHECK_ORGANISATION_NAME = os.environ.get("FACTCHECK_ORGANISATION_NAME", "Factcheck desk")
FACTCHECK_ORGANISATION_URL = os.environ.get("FACTCHECK_ORGANISATION_URL", "https://example.org/")
# Public base URL used to build absolute links in exports (no trailing slash).
FACTCHECK_BASE_URL = os.environ.get("FACTCHECK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Two-person rule: the editor who confirms a claim must not be the one who started its review.
FACTCHECK_SECOND_EDITOR_REQUIRED = env_bool("FACTCHECK_SECOND_EDITOR_REQUIRED", False)
# Largest CSV file accepted by the import page and `import_claims`, in bytes (64 MB: 100,000
# exported claims are about 40 MB). Files over FACTCHECK_IMPORT_BACKGROUND_BYTES run as a task.
FACTCHECK_IMPORT_MAX_BYTES = int(
    os.environ.get("FACTCHECK_IMPORT_MAX_BYTES", str(64 * 1024 * 1024))
)

# An import larger than this (bytes; about 500 exported claims) runs as a background task with
# a progress page; a smaller one runs in the request. Django keeps an upload bigger than
# FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file, not in memory.
FACTCHECK_IMPORT_BACKGROUND_BYTES = int(
    os.environ.get("FACTCHECK_IMPORT_BACKGROUND_BYTES", str(256 * 1024))
)
# An import looks up each row's matches in the desk (issue 18; about five queries and 5 to 50
# ms a row, with the desk's size and the machine's load), for at most this many rows of a
# file, in the check and again in the import: 5,000 rows take 25 s to 4 min, so the check of
# a 100,000-row file stays within a few minutes. The report says where the look-up stopped;
# 0 turns it off.
FACTCHECK_IMPORT_MATCH_MAX_ROWS = int(os.environ.get("FACTCHECK_IMPORT_MATCH_MAX_ROWS", "5000"))
# A background import still waiting for a worker after this many minutes has its task taken
# for lost (enqueueing failed, or the queue lost it) and enqueued again, when a worker starts
# and from its progress page; the import still runs once (factcheck.imports.tasks).
FACTCHECK_IMPORT_REQUEUE_MINUTES = float(os.environ.get("FACTCHECK_IMPORT_REQUEUE_MINUTES", "5"))

# --- Background work (tasks) ------------------------------------------------

# `database` (the default: the tasks wait in a table of this database, so SQLite and
# PostgreSQL installs need nothing more; run `python manage.py run_worker`), `rq` (Redis at
# REDIS_URL; the same command starts an RQ worker) or `immediate` (run in the caller: tests).
FACTCHECK_TASKS_BACKEND = os.environ.get("FACTCHECK_TASKS_BACKEND", "database").strip().lower()
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if FACTCHECK_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"FACTCHECK_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}; "
        f"got {FACTCHECK_TASKS_BACKEND!r}."
    )
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[FACTCHECK_TASKS_BACKEND], "QUEUES": ["default"]},
}
if FACTCHECK_TASKS_BACKEND == "rq":
    # django-rq holds the Redis connections and runs the worker (`rqworker`); only with RQ,
    # so that an install without Redis has no Redis pages in its admin.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# django-rq's queues (the RQ backend's QUEUES must be defined here). A job may run for three
# hours: a 100,000-row import takes about half an hour on a small machine.
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3 * 60 * 60}}
# The daily notification digest goes out at this hour (0-23, in TIME_ZONE), run by a worker
# (factcheck.notifications.tasks.daily_digests schedules itself); cron may run send_digests.
_digest_hour = os.environ.get("FACTCHECK_DIGEST_HOUR", "7").strip()
if _digest_hour not in {str(hour) for hour in range(24)}:
    raise ImproperlyConfigured(
        f"FACTCHECK_DIGEST_HOUR must be an hour from 0 to 23; got {_digest_hour!r}."
    )
FACTCHECK_DIGEST_HOUR = int(_digest_hour)

# Progress of background imports and the workers' heartbeats (factcheck.heartbeat), shared
# by the workers and the web servers while an import's own transaction is still open (so it
# cannot be a row of the same database): Redis with the RQ backend, otherwise files in a
# directory all of them can read.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Desks (or test runs) sharing one Redis keep their progress and heartbeats apart.
            "KEY_PREFIX": os.environ.get("FACTCHECK_CACHE_PREFIX", ""),
        }
        if FACTCHECK_TASKS_BACKEND == "rq"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("FACTCHECK_PROGRESS_DIR", str(BASE_DIR / ".progress")),
        }
    ),
}

# Workers record a heartbeat (factcheck.heartbeat) every this many seconds, and /healthz
# calls the worker stale when none has beaten for FACTCHECK_WORKER_STALE_SECONDS.
FACTCHECK_WORKER_HEARTBEAT_SECONDS = float(
    os.environ.get("FACTCHECK_WORKER_HEARTBEAT_SECONDS", "10")
)
FACTCHECK_WORKER_STALE_SECONDS = float(os.environ.get("FACTCHECK_WORKER_STALE_SECONDS", "60"))
# /healthz answers 503 when no worker is alive. Turn off where tasks run elsewhere (or not at
# all, as in tests): the worker's state is still reported, but never fails the check.
# With FACTCHECK_TASKS_BACKEND=immediate no worker exists and none is required.
FACTCHECK_WORKER_REQUIRED = env_bool("FACTCHECK_WORKER_REQUIRED", True)

# --- Webhooks ---------------------------------------------------------------

# Allow webhook targets on private, loopback and link-local addresses (off: server-side
# request forgery). Checked when a subscription is saved and again before every delivery.
FACTCHECK_WEBHOOKS_ALLOW_PRIVATE = env_bool("FACTCHECK_WEBHOOKS_ALLOW_PRIVATE", False)
# A receiver gets this many seconds to connect and to answer each read.
FACTCHECK_WEBHOOKS_TIMEOUT = float(os.environ.get("FACTCHECK_WEBHOOKS_TIMEOUT", "10"))
# Retries: the first after about this many seconds, doubling (with jitter) up to an hour
# apart, for this many seconds after the first attempt; then the subscription is failing.
FACTCHECK_WEBHOOKS_RETRY_BASE = float(os.environ.get("FACTCHECK_WEBHOOKS_RETRY_BASE", "5"))
FACTCHECK_WEBHOOKS_RETRY_FOR = float(
    os.environ.get("FACTCHECK_WEBHOOKS_RETRY_FOR", str(24 * 60 * 60))
)

# --- Email -----------------------------------------------------------------


def email_settings(url):
    """Django's email settings from an EMAIL_URL: smtp://user:password@host:587 (STARTTLS with
    ?tls=1, the default on port 587), smtps://...:465 (implicit TLS), console:// or dummy://."""
    parts = urlsplit(url)
    if parts.scheme in ("console", "dummy"):
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtps://, console:// or dummy://; got {url!r}."
        )
    query = parse_qs(parts.query)
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    tls_word = query.get("tls", ["1" if port == 587 else "0"])[0].lower()
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and tls_word in TRUE_WORDS,
    }


# EMAIL_URL, or Django's own EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS), sends through SMTP; with neither, emails are printed on the console (make run).
if os.environ.get("EMAIL_URL"):
    globals().update(email_settings(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Factcheck desk <factcheck@localhost>")
EMAIL_TIMEOUT = 30

# --- The API (factcheck/api) -------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.api.authentication.BearerTokenAuthentication",
        # People reading the API reference in their browser; unsafe methods need CSRF.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["factcheck.api.rendering.ExactJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.rendering.LimitedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["factcheck.api.throttling.TokenRateThrottle"],
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck desk API",
    "DESCRIPTION": (
        "Claims, their figures and their verification, for newsroom systems. Authenticate "
        "with `Authorization: Bearer <token>` (make one on the [API tokens](/accounts/tokens/) "
        "page). Errors are RFC 9457 problem documents with a stable `code`, listed under "
        "[Problem codes](#problems) below. [Back to the desk](/claims/)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "factcheck.models.Status",
        "EventTypeEnum": "factcheck.models.EventType",
        "DeliveryStateEnum": "factcheck.models.DeliveryState",
        "SubscriptionStateEnum": "factcheck.api.serializers.webhooks.STATES",
        "MatchKindEnum": "factcheck.matching.ranking.MatchKind",
        # Named as before MatchKind came: the claimant kind keeps its name in clients.
        "KindEnum": "factcheck.models.ClaimantKind",
    },
}
# Requests one token may make per window (429 with Retry-After beyond), largest page, largest
# request body.
FACTCHECK_API_RATE = int(os.environ.get("FACTCHECK_API_RATE", "600"))
FACTCHECK_API_RATE_WINDOW_SECONDS = 60
FACTCHECK_API_MAX_PAGE_SIZE = 200
FACTCHECK_API_MAX_BODY_BYTES = int(os.environ.get("FACTCHECK_API_MAX_BODY_BYTES", "65536"))
