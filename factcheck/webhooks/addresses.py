"""Where a webhook may be sent: http(s) addresses whose host resolves only to public
addresses, unless FACTCHECK_WEBHOOKS_ALLOW_PRIVATE is on.

Checked when a subscription is saved and again before every delivery (DNS can change between
the two), and the delivery connects to the very address that was checked, so a name cannot
be re-pointed at this server's own networks in between (server-side request forgery).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from factcheck.errors import WebhookTargetRefused

SCHEMES = {"http": 80, "https": 443}


def public_address(address: str) -> bool:
    """Whether `address` (an IP address as text) is on the public internet: not private,
    loopback, link-local, multicast, reserved or unspecified (Python's `is_global`, which
    follows the IANA special-purpose registries)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(url: str) -> tuple[str, int, list[str]]:
    """(host, port, addresses) for `url`, every address allowed. Raises WebhookTargetRefused
    when the scheme is not http(s), the host does not resolve, or (unless private targets are
    allowed) any address it resolves to is not public."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise WebhookTargetRefused("A webhook's address starts with http:// or https://.")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError as error:
        raise WebhookTargetRefused(f"The port is not a number: {error}.") from error
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookTargetRefused(f"{parts.hostname} cannot be resolved ({error}).") from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not settings.FACTCHECK_WEBHOOKS_ALLOW_PRIVATE:
        private = [address for address in addresses if not public_address(address)]
        if private:
            # An address typed as digits is named once, not "127.0.0.1 resolves to 127.0.0.1".
            named = (
                f"{parts.hostname} is"
                if private == [parts.hostname]
                else f"{parts.hostname} resolves to {', '.join(private)},"
            )
            raise WebhookTargetRefused(
                f"{named} a private, loopback or link-local address: webhooks go to public "
                "addresses only (the operator can allow others with "
                "FACTCHECK_WEBHOOKS_ALLOW_PRIVATE=1)."
            )
    return parts.hostname, port, addresses
