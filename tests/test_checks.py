import pytest
from django.core import checks

from factcheck.checks import check_base_url


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "https://LOCALHOST",
        "http://[::1]:8000",
        "http://0.0.0.0",
        "http://desk.localhost",
        "",
    ],
)
def test_a_local_base_url_in_production_is_a_deploy_warning(settings, base_url):
    settings.DEBUG = False
    settings.FACTCHECK_BASE_URL = base_url
    (warning,) = check_base_url()
    assert warning.id == "factcheck.W001"
    assert warning.level == checks.WARNING
    assert "FACTCHECK_BASE_URL" in warning.msg


@pytest.mark.parametrize("base_url", ["https://factcheck.example.org", "http://10.0.0.5:8000"])
def test_a_public_base_url_passes(settings, base_url):
    settings.DEBUG = False
    settings.FACTCHECK_BASE_URL = base_url
    assert check_base_url() == []


def test_local_base_url_is_fine_while_developing(settings):
    settings.DEBUG = True
    settings.FACTCHECK_BASE_URL = "http://127.0.0.1:8000"
    assert check_base_url() == []


def test_the_check_runs_with_check_deploy_only(settings):
    settings.DEBUG = False
    settings.FACTCHECK_BASE_URL = "http://127.0.0.1:8000"
    registry = checks.registry.registry
    assert "factcheck.W001" in {m.id for m in registry.run_checks(include_deployment_checks=True)}
    assert "factcheck.W001" not in {m.id for m in registry.run_checks()}
