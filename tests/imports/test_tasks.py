"""Big imports run on a worker, with a progress page, and are still all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.imports import batch_writer
from factcheck.imports.services import import_claims
from factcheck.imports.tasks import run_import
from factcheck.models import Claim, ImportJob

pytestmark = pytest.mark.django_db


def csv_file(rows, bad_line=None):
    lines = ["statement,claimant,value,qualifier,counted"]
    for n in range(rows):
        qualifier = "nonsense" if n + 2 == bad_line else "exactly"
        lines.append(f"Claim {n},UNHCR,{n + 1},{qualifier},refugees")
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(client, data):
    return client.post(
        reverse("claim-import"), {"file": SimpleUploadedFile("big.csv", data, "text/csv")}
    )


def test_a_big_file_is_queued_then_shows_progress_then_its_report(client_for, editor, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    client = client_for(editor)
    response = upload(client, csv_file(30))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("claim-import-job", args=[job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting
    assert Claim.objects.count() == 0

    assert run_import.call(job.pk) == ImportJob.State.DONE

    assert Claim.objects.count() == 30
    page = client.get(response["Location"]).content.decode()
    assert "Imported 30 claims from big.csv." in page
    assert "<progress" not in page and "refresh" not in page
    job.refresh_from_db()
    assert bytes(job.data) == b""  # the file is not kept once imported


def test_a_bad_row_in_a_big_file_imports_nothing(client_for, editor, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    client = client_for(editor)
    upload(client, csv_file(30, bad_line=25))
    job = ImportJob.objects.get()
    assert run_import.call(job.pk) == ImportJob.State.REFUSED
    assert Claim.objects.count() == 0
    page = client.get(reverse("claim-import-job", args=[job.pk])).content.decode()
    assert "Nothing was imported from big.csv" in page and "nonsense" in page


def test_someone_elses_import_is_not_shown(client_for, editor, editor2, settings):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = 100
    upload(client_for(editor), csv_file(3))
    job = ImportJob.objects.get()
    assert client_for(editor2).get(reverse("claim-import-job", args=[job.pk])).status_code == 404


def test_progress_is_reported_while_checking_and_writing(editor, settings, monkeypatch):
    # Writing reports after each batch of claims.
    monkeypatch.setattr(batch_writer, "BATCH_SIZE", 200)
    seen = []
    report = import_claims(
        data=csv_file(450),
        filename="f.csv",
        actor=editor,
        on_progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert report.ok
    assert ("validating", 200, 452) in seen and ("validating", 452, 452) in seen
    writing = [entry for entry in seen if entry[0] == "writing"]
    assert writing == [("writing", 200, 450), ("writing", 400, 450), ("writing", 450, 450)]
