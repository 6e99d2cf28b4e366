"""The import page offers a template CSV built from the importer's own columns, and that
template imports as it is."""

import csv
import io

import pytest

from factcheck.imports import services
from factcheck.imports.views import template_columns
from factcheck.models import Claim

pytestmark = pytest.mark.django_db


def test_the_import_page_links_its_template(client_for, editor):
    page = client_for(editor).get("/claims/import/").content.decode()
    assert 'href="/claims/import/template.csv"' in page


def test_the_template_has_every_column_the_importer_knows_and_imports_as_is(client_for, editor):
    response = client_for(editor).get("/claims/import/template.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "claims-import-template.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(dict.fromkeys(services.KNOWN_COLUMNS))
    assert len(rows) == 2  # the header and one example
    report = services.import_claims(data=response.content, filename="t.csv", actor=editor)
    assert report.ok, report.problems
    assert Claim.objects.get().claimant.name == "UN refugee agency (UNHCR)"


def test_a_column_the_importer_learns_appears_in_the_template(monkeypatch):
    monkeypatch.setattr("factcheck.imports.views.KNOWN_COLUMNS", (*services.KNOWN_COLUMNS, "x"))
    assert template_columns()[-1] == "x"


def test_only_importers_get_the_template(client_for, reporter, viewer):
    for user in (reporter, viewer):
        assert client_for(user).get("/claims/import/template.csv").status_code == 403
