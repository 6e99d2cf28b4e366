"""On PostgreSQL the app runs as a role that cannot rewrite the record
(`python manage.py setup_runtime_role`): no TRUNCATE, no DDL, no trigger disabling, the audit
trail insert-only, no audit row dated other than when it is written, no status change without
its audit row; and the app works as that role, imported verdicts keeping their time."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from factcheck.exports.filters import claims_for_export
from factcheck.models import Claim, StatusChange
from tests.factories import ClaimFactory, TrackedQuantityFactory

# Transactional (the role and the subprocesses see only committed data), starting from what
# the migrations wrote (the role groups). Skipped before any database set-up on SQLite, so that
# no flush runs between the serialized-rollback tests of other modules.
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runtime_role():
    """A role made by the command, named after this test database (roles are shared by every
    database of the server, and other test runs may be making theirs)."""
    database = connection.settings_dict["NAME"]
    role = f"{database}_app"[:63]
    call_command("setup_runtime_role", role, verbosity=0)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role):
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        password=settings.get("PASSWORD") or None,
    )


@pytest.fixture
def audited_claim(editor):
    claim = ClaimFactory(created_by=editor)
    StatusChange.objects.create(
        claim=claim, from_status="unverified", to_status="in_review", actor=editor
    )
    Claim.objects.filter(pk=claim.pk).update(status="in_review")
    return claim


REFUSED = [
    "TRUNCATE factcheck_statuschange",
    "TRUNCATE factcheck_claimchange CASCADE",
    "TRUNCATE factcheck_claim CASCADE",
    "ALTER TABLE factcheck_statuschange DISABLE TRIGGER ALL",
    "ALTER TABLE factcheck_statuschange DISABLE TRIGGER factcheck_statuschange_append_only",
    "DROP TRIGGER factcheck_claim_status_audited ON factcheck_claim",
    "DROP TABLE factcheck_claimchange",
    "ALTER TABLE factcheck_claim ADD COLUMN x int",
    "CREATE TABLE factcheck_forged (id int)",
    "UPDATE factcheck_statuschange SET note = 'rewritten'",
    "DELETE FROM factcheck_statuschange",
    "UPDATE factcheck_claimchange SET new_value = 'rewritten'",
    "DELETE FROM factcheck_claimchange",
    "DELETE FROM django_migrations",
    "UPDATE factcheck_quantitychange SET new_value = 'rewritten'",
    "DELETE FROM factcheck_event",
    "UPDATE factcheck_event SET data = '{}'",
    "SET session_replication_role = replica",
]


def test_the_runtime_role_cannot_rewrite_the_record(runtime_role, audited_claim):
    allowed = []
    for statement in REFUSED:  # one test: each transactional test costs a flush
        with connect_as(runtime_role) as conn:
            try:
                conn.execute(statement)
            except psycopg.Error:
                continue
            allowed.append(statement)
    assert not allowed
    assert StatusChange.objects.filter(claim=audited_claim).count() == 1


def test_a_status_change_without_its_audit_row_is_refused(runtime_role, audited_claim):
    with connect_as(runtime_role) as conn:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation), conn.transaction():
            conn.execute(
                "UPDATE factcheck_claim SET status = 'confirmed' WHERE id = %s",
                [audited_claim.pk],
            )
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation), conn.transaction():
            conn.execute(
                "INSERT INTO factcheck_claim (statement, claimant_id, status, version, "
                "value, qualifier, unit, counted, place, methodology_notes, source_url, "
                "source_title, search_text, counted_folded, published_url, created_at, "
                "updated_at) SELECT 'forged', claimant_id, 'confirmed', 1, NULL, '', '', '', "
                "'', '', '', '', '', '', '', now(), now() "
                "FROM factcheck_claim WHERE id = %s",
                [audited_claim.pk],
            )
    assert Claim.objects.get(pk=audited_claim.pk).status == "in_review"


AUDIT_ROWS = {
    "factcheck_statuschange": (
        "INSERT INTO factcheck_statuschange (claim_id, from_status, to_status, actor_id, note, "
        "recorded_verifier, recorded_status, changed_at) "
        "VALUES (%(claim)s, 'in_review', 'in_review', %(actor)s, 'forged', '', '', {at})"
    ),
    "factcheck_claimchange": (
        "INSERT INTO factcheck_claimchange (claim_id, field, old_value, new_value, actor_id, "
        "note, changed_at) VALUES (%(claim)s, 'place', '', 'forged', %(actor)s, '', {at})"
    ),
    "factcheck_quantitychange": (
        "INSERT INTO factcheck_quantitychange (quantity_id, field, old_value, new_value, "
        "actor_id, changed_at) VALUES (%(quantity)s, 'name', '', 'forged', %(actor)s, {at})"
    ),
    "factcheck_event": (
        "INSERT INTO factcheck_event (uid, type, claim_id, occurred_at, data) "
        "VALUES (gen_random_uuid(), 'claim.edited', %(claim)s, {at}, '{{}}')"
    ),
}


def test_no_audit_row_can_be_back_dated_or_dated_ahead(runtime_role, audited_claim, editor):
    quantity = TrackedQuantityFactory()
    ids = {"claim": audited_claim.pk, "actor": editor.pk, "quantity": quantity.pk}
    forged = []
    with connect_as(runtime_role) as conn:
        for table, insert in AUDIT_ROWS.items():
            for at in ("now() - interval '3 days'", "now() + interval '1 hour'"):
                try:
                    with conn.transaction():
                        conn.execute(insert.format(at=at), ids)
                except psycopg.errors.CheckViolation:
                    continue
                forged.append((table, at))
            with conn.transaction():  # written now: the app's own way
                conn.execute(insert.format(at="now()"), ids)
    assert not forged
    assert StatusChange.objects.filter(claim=audited_claim, note="forged").count() == 1


def test_a_status_change_with_its_audit_row_goes_through(runtime_role, audited_claim, editor):
    with connect_as(runtime_role) as conn, conn.transaction():
        conn.execute(
            "UPDATE factcheck_claim SET status = 'unverified' WHERE id = %s", [audited_claim.pk]
        )
        conn.execute(
            "INSERT INTO factcheck_statuschange (claim_id, from_status, to_status, actor_id, "
            "note, recorded_verifier, recorded_status, changed_at) "
            "VALUES (%s, 'in_review', 'unverified', %s, '', '', '', now())",
            [audited_claim.pk, editor.pk],
        )
    assert Claim.objects.get(pk=audited_claim.pk).status == "unverified"


def test_the_app_works_as_the_runtime_role(runtime_role, editor, audited_claim):
    """The workflow's command and an import, run as the role: status, audit rows, new claims
    and the id sequence all written."""
    settings = connection.settings_dict
    url = (
        f"postgres://{runtime_role}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    moved = subprocess.run(
        [*manage, "transition_claim", str(audited_claim.pk), "unverified", "--user", "editor",
         "--expected-version", str(audited_claim.version)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    csv_file = ROOT / "tests" / "imports" / "_runtime_role.csv"
    csv_file.write_text(
        "claim_id,statement,claimant,status,methodology_notes,evidence_urls,verified_by,"
        "verified_at\r\n5000,Imported as the role,UNHCR,,,,,\r\n"
        "5001,A verdict of 2022,UNHCR,confirmed,Counted at the border.,"
        "https://data.unhcr.org/,Partner desk,2022-03-03T14:07:00+00:00\r\n"
    )
    try:
        imported = subprocess.run(
            [*manage, "import_claims", str(csv_file), "--user", "editor"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        csv_file.unlink()
    assert imported.returncode == 0, imported.stderr
    assert Claim.objects.get(pk=audited_claim.pk).status == "unverified"
    assert StatusChange.objects.filter(claim=audited_claim).count() == 2
    assert Claim.objects.filter(pk=5000, statement="Imported as the role").exists()
    # The imported verdict keeps its time, which is not the audit row's.
    verdict = StatusChange.objects.get(claim_id=5001)
    assert verdict.recorded_at.isoformat() == "2022-03-03T14:07:00+00:00"
    assert verdict.changed_at > verdict.recorded_at
    exported = claims_for_export({"status": ["confirmed"]}).get(pk=5001)
    assert (exported.verified_by, exported.verified_at) == ("Partner desk", verdict.recorded_at)
