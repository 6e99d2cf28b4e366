import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_prints_median_and_query_count_for_each_page():
    call_command("generate_claims", "200", "--seed", "3", stdout=StringIO())
    out = StringIO()
    call_command("bench_queue", "--runs", "2", "--deep-page", "2", "--search", "Kyiv", stdout=out)
    lines = out.getvalue().splitlines()
    assert "200 claims" in lines[0]
    timed = [line for line in lines if re.search(r"median [\d.]+ ms, \d+ queries", line)]
    assert [line.split(":")[0].strip().split(" ")[0] for line in timed] == [
        "default",
        "filtered",
        "text",
        "counted",
        "deep",
    ]
