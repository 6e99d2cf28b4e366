"""System checks for settings that only matter in production (`manage.py check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_NAMES = {"localhost", "localhost.localdomain"}


def is_local_host(host):
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_base_url(app_configs=None, **kwargs):
    """Exports write absolute links from FACTCHECK_BASE_URL: in production it must be the
    site's public address, or every exported claim_url and ClaimReview url points at the
    exporting machine."""
    if settings.DEBUG:
        return []
    base_url = settings.FACTCHECK_BASE_URL
    host = (urlsplit(base_url).hostname or "").lower()
    if host and not is_local_host(host):
        return []
    return [
        checks.Warning(
            f"FACTCHECK_BASE_URL is {base_url!r}, so exports would carry links to this "
            "machine, not to the public site.",
            hint="Set FACTCHECK_BASE_URL to the site's public address, e.g. "
            "https://factcheck.example.org",
            id="factcheck.W001",
        )
    ]
