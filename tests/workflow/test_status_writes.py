"""No code path outside the workflow's status writer writes a claim's status.

Reads the source of the app and fails on any assignment to `.status`, or any `status=`
passed to a write (update, create, bulk_update, a Claim(...) constructor), outside
factcheck/workflow/status_writer.py, which both `transition_claim` and the imports'
`record_imported_status` call (and, in bulk for an import's new claims, the batch writer).
Claim.save() refuses a changed status at run time as well.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "factcheck"
THE_SERVICE = APP / "workflow" / "status_writer.py"
WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_update", "Claim"}
# Files allowed to write status, each with the reason.
ALLOWED = {
    THE_SERVICE: "the one writer of status, called by the workflow services",
    APP / "management" / "commands" / "bench_export.py": (
        "benchmark data: a million confirmed claims in bulk, each with its audit row, "
        "and only in a database named *bench*"
    ),
    APP / "management" / "commands" / "generate_claims.py": (
        "fabricates synthetic history for benchmarks, writing the matching StatusChange rows "
        "and versions itself (tests/test_generate_claims.py checks them against the workflow)"
    ),
}


def status_writes(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    yield node.lineno
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITES and any(kw.arg == "status" for kw in node.keywords):
                yield node.lineno


def app_sources():
    return [p for p in APP.rglob("*.py") if "migrations" not in p.parts]


def test_the_scan_finds_a_status_write(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("claim.status = 'confirmed'\nClaim.objects.filter(pk=1).update(status='x')\n")
    assert list(status_writes(sample)) == [1, 2]


def test_only_the_workflow_service_writes_status():
    offenders = [
        f"{path.relative_to(APP.parent)}:{line}"
        for path in app_sources()
        if path not in ALLOWED
        for line in status_writes(path)
    ]
    assert offenders == [], (
        "status must change through factcheck.workflow.status_writer.write_status"
    )
    assert list(status_writes(THE_SERVICE)), "the service should be found writing status"
