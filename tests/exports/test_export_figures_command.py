import csv
import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Status
from tests.factories import ClaimFactory, give_verdict

pytestmark = pytest.mark.django_db


def test_writes_the_chosen_format_to_a_file(tmp_path, editor):
    confirmed = give_verdict(ClaimFactory(), Status.CONFIRMED, editor)
    give_verdict(ClaimFactory(), Status.DISPUTED, editor)
    target = tmp_path / "out.json"
    call_command("export_figures", "--format", "json", "--output", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [f["claim_id"] for f in document["figures"]] == [confirmed.pk]


def test_takes_the_same_filters_as_the_urls(tmp_path, editor, monkeypatch):
    give_verdict(ClaimFactory(), Status.CONFIRMED, editor)
    disputed = give_verdict(ClaimFactory(counted="refugees"), Status.DISPUTED, editor)
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    call_command(
        "export_figures", "--status", "disputed", "--status", "confirmed", "--counted", "REFUGEES"
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert [(r["claim_id"], r["status"]) for r in rows] == [(str(disputed.pk), "disputed")]


def test_bad_filter_is_refused_and_leaves_no_file(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="Enter the date as YYYY-MM-DD"):
        call_command("export_figures", "--date-to", "31/03/2022", "--output", str(target))
    assert not target.exists()


def test_verified_up_to_the_calendars_last_day(tmp_path, editor):
    confirmed = give_verdict(ClaimFactory(), Status.CONFIRMED, editor)
    target = tmp_path / "out.json"
    call_command(
        "export_figures", "--format", "json", "--output", str(target),
        "--date-basis", "verified", "--date-to", "9999-12-31",
    )  # fmt: skip
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [f["claim_id"] for f in document["figures"]] == [confirmed.pk]
