"""The audit trail refuses to be rewritten on SQLite too, as migration 0004 makes it on PostgreSQL.

Two triggers: BEFORE DELETE refuses every DELETE; BEFORE UPDATE refuses an UPDATE that changes
any column, and lets through one that changes nothing, because `loaddata` re-saves existing
rows with identical values (`make run` loads the demo every time). Django's `flush` on SQLite
empties tables with DELETE, so the SQLite backend (factcheck/db/sqlite3) drops and restores
these triggers around a flush, as PostgreSQL's TRUNCATE bypasses row triggers.

The UPDATE trigger lists the table's columns: a migration adding a column must extend it. A
migration that makes SQLite rebuild the table drops its triggers, and must re-create them;
tests/workflow/test_audit_trail.py fails if they are gone.
"""

from django.db import migrations

COLUMNS = ("id", "claim_id", "from_status", "to_status", "actor_id", "note", "changed_at")
CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in COLUMNS)

CREATE_TRIGGERS = [
    f"""
    CREATE TRIGGER factcheck_statuschange_no_update
    BEFORE UPDATE ON factcheck_statuschange
    FOR EACH ROW WHEN {CHANGED}
    BEGIN
        SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE of a status change refused.');
    END
    """,
    """
    CREATE TRIGGER factcheck_statuschange_no_delete
    BEFORE DELETE ON factcheck_statuschange
    FOR EACH ROW
    BEGIN
        SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE of a status change refused.');
    END
    """,
]
DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS factcheck_statuschange_no_update",
    "DROP TRIGGER IF EXISTS factcheck_statuschange_no_delete",
]


def on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0005_queue_indexes"),
    ]

    operations = [
        migrations.RunPython(on_sqlite(CREATE_TRIGGERS), on_sqlite(DROP_TRIGGERS)),
    ]
