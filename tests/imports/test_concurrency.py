"""Four editors import the same file at the same moment: its claims exist once."""

import threading

import pytest
from django.db import connection

from factcheck.imports.services import import_claims
from factcheck.models import Claim, StatusChange
from tests.factories import UserFactory
from tests.imports.test_services import PLAIN, UKRAINE, UNHCR, csv_bytes

THREADS = 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_imports_of_one_file_double_nothing(on_postgres):
    editors = [UserFactory(username=f"importer{n}", role="Editor") for n in range(THREADS)]
    UserFactory(username="editor2", role="Editor")  # the verifiers the file names
    UserFactory(username="editor", role="Editor")
    data = csv_bytes(UNHCR, UKRAINE, PLAIN, {**PLAIN, "statement": "Another claim."})
    barrier = threading.Barrier(THREADS)
    reports, errors = [], []

    def attempt(editor):
        try:
            barrier.wait()
            reports.append(import_claims(data=data, filename="figures.csv", actor=editor))
        except Exception as error:  # noqa: BLE001 - any exception fails the test below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert all(report.ok for report in reports), [r.problems for r in reports]
    assert sorted(len(r.created) for r in reports) == [0] * (THREADS - 1) + [4]
    assert Claim.objects.count() == 4
    assert StatusChange.objects.count() == 2
