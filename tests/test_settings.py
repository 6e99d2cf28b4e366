"""Settings fail loudly when misconfigured, and production settings pass `check --deploy`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LONG_RANDOM_KEY = "k3y-for-tests-only-" + "x7Qp9Zr2Lm4Vb8Nw" * 4


def run_manage(*args, **env):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "FACTCHECK_BASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_with_debug_off_is_a_clear_error():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_unreadable_debug_value_is_a_clear_error():
    result = run_manage("check", DEBUG="maybe", SECRET_KEY=LONG_RANDOM_KEY)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


@pytest.mark.parametrize("hour", ["24", "7am", "-1"])
def test_a_digest_hour_that_is_no_hour_is_a_clear_error(hour):
    result = run_manage("check", DEBUG="1", FACTCHECK_DIGEST_HOUR=hour)
    assert result.returncode != 0
    assert "FACTCHECK_DIGEST_HOUR must be an hour from 0 to 23" in result.stderr


def test_debug_on_runs_without_secret_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def check_deploy(base_url):
    """`check --deploy` with production settings, failing on any warning."""
    return run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=LONG_RANDOM_KEY,
        ALLOWED_HOSTS="factcheck.example.org",
        FACTCHECK_BASE_URL=base_url,
    )


def test_production_settings_pass_check_deploy():
    result = check_deploy("https://factcheck.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_exports_would_link_to_localhost():
    result = check_deploy("http://127.0.0.1:8000")
    assert result.returncode != 0
    assert "factcheck.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        # Django's SQLite backend with a flush that keeps the audit triggers (factcheck/db).
        ("sqlite:////tmp/x.sqlite3", "factcheck.db.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/factcheck", "django.db.backends.postgresql"),
    ],
)
def test_database_url_picks_the_engine(url, engine):
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == engine, result.stderr


def make_shows_base_url(**env):
    """FACTCHECK_BASE_URL as `make` exports it to the commands it runs (make run's server)."""
    root = Path(__file__).resolve().parent.parent
    environment = {k: v for k, v in os.environ.items() if k != "FACTCHECK_BASE_URL"}
    environment.update(env)
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    shown = subprocess.run(  # noqa: S603
        [
            make,
            "-s",
            "--no-print-directory",
            "--eval=show:\n\t@echo $$FACTCHECK_BASE_URL",
            "show",
        ],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stdout.strip()


def test_make_run_derives_the_export_links_from_its_port():
    assert make_shows_base_url(PORT="8101") == "http://127.0.0.1:8101"
    assert make_shows_base_url() == "http://127.0.0.1:8000"
    chosen = "https://factcheck.example.org"
    assert make_shows_base_url(PORT="8101", FACTCHECK_BASE_URL=chosen) == chosen
