"""Walk the project's whole URL configuration, so tests can cover every page, including pages
added later. Used by the login, permission-matrix and security tests."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

ADMIN_NAMESPACE = "admin"


def url_patterns(patterns=None, prefix="", namespace=None):
    """Yield (namespace, name, route) for every URL pattern, however deeply included."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, prefix + str(pattern.pattern)


def example_path(route, number=1):
    """'claims/<int:pk>/' -> '/claims/1/': a concrete URL for any route."""

    def fill(match):
        converter = match.group(1) or "str"
        return {"int": str(number), "path": "x/y"}.get(converter, "x")

    path = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    path = re.sub(r"[\^$]|\\Z", "", path)  # the admin uses regex routes
    return "/" + path


def app_routes(number=1):
    """(name, path) for every page outside the admin, with `number` for each integer."""
    return [
        (name, example_path(route, number))
        for namespace, name, route in url_patterns()
        if namespace != ADMIN_NAMESPACE and "(?P" not in route
    ]


def admin_routes():
    """(name, route) for the admin's own pages (regex routes included)."""
    return [(name, route) for namespace, name, route in url_patterns() if namespace == "admin"]
