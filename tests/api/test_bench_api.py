import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import ClaimFactory


@pytest.mark.django_db
def test_it_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="bench"):
        call_command("bench_api")


@pytest.mark.django_db
def test_it_prints_both_timings_and_constant_query_counts(monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    monkeypatch.setitem(
        connection.settings_dict, "NAME", connection.settings_dict["NAME"] + "bench"
    )
    monkeypatch.setattr("factcheck.queue.selectors.PAGE_SIZE", 3)
    ClaimFactory.create_batch(7)
    out = io.StringIO()
    call_command("bench_api", "--runs", "1", "--deep-page", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert "7 claims" in lines[0]
    assert len(lines) == 3 and all("queue" in line and "API" in line for line in lines[1:])
