import pytest
from django.core.management import CommandError, call_command

from factcheck.exports.filters import ExportFilterForm, claims_for_export
from factcheck.exports.rows import as_dicts, export_rows
from factcheck.management.commands.bench_export import generate
from factcheck.models import Claim, Status

pytestmark = pytest.mark.django_db


def test_generating_benchmark_claims_is_refused_outside_a_bench_database():
    with pytest.raises(CommandError, match="contains 'bench'"):
        call_command("bench_export", "--generate", "10")
    assert not Claim.objects.exists()


def test_generated_claims_are_confirmed_with_audit_rows_and_evidence():
    generate(7, batch=3)
    form = ExportFilterForm({})
    assert form.is_valid()
    rows = list(as_dicts(export_rows(claims_for_export(form.cleaned_data))))
    assert len(rows) == 7
    assert {row["status"] for row in rows} == {Status.CONFIRMED}
    assert all(row["verified_by"] == "bench-editor" and row["evidence_urls"] for row in rows)
