"""Every permission the app checks is named in factcheck/permissions.py only: a string such as
"factcheck.review_claim" anywhere else in the app's code would be a second source of truth."""

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "factcheck"
PERMISSION = re.compile(r"^factcheck\.[a-z_]+$")
NOT_PERMISSIONS = {"factcheck.settings", "factcheck.urls"}


def permission_literals(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and PERMISSION.match(text) and text not in NOT_PERMISSIONS:
            yield node.lineno, text


def test_permission_names_live_in_one_module():
    offenders = [
        f"{path.relative_to(APP.parent)}:{line} {value}"
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.parts and path.name != "permissions.py"
        for line, value in permission_literals(path)
    ]
    assert offenders == [], "name permissions through factcheck.permissions"
