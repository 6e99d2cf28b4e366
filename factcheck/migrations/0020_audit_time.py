"""The database, not the app, vouches for the time of every audit row (issue 14).

On PostgreSQL a BEFORE INSERT trigger on the audit trail (factcheck_statuschange,
factcheck_claimchange, factcheck_quantitychange: `changed_at`; factcheck_event:
`occurred_at`) refuses a row whose time is not the time it is written: earlier than the start
of its transaction or later than the database's clock, give or take ALLOWED_SKEW (the app
servers' clocks against the database's). The app writes `timezone.now()` inside the
transaction, so it is never refused; the runtime role (python manage.py setup_runtime_role)
can no longer forge a back-dated (or future) row. As in migration 0017, the table's owner is
left alone: it can drop any trigger anyway, and test factories and `generate_claims` write
history with past times.

An imported verdict keeps the time its file records in the new `recorded_at`
(StatusChange), which exports read as `verified_at` (before this migration the importer put
it in `changed_at`; those rows are left as they are and read as before).

SQLite has no roles (whoever runs the app owns the file and every trigger), so the trigger
would stop only the tests and benchmarks that write history with past times: it is not
installed there.
"""

from django.db import migrations, models

ALLOWED_SKEW = "1 minute"
AUDIT_TIMES = {
    "factcheck_statuschange": "changed_at",
    "factcheck_claimchange": "changed_at",
    "factcheck_quantitychange": "changed_at",
    "factcheck_event": "occurred_at",
}


# One function and trigger per table; TABLE, COLUMN and SKEW are replaced by the constants
# above (never input).
FUNCTION = """
CREATE OR REPLACE FUNCTION TABLE_written_now() RETURNS trigger AS $$
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                   'MEMBER') THEN
        RETURN NEW;
    END IF;
    IF NEW.COLUMN < now() - interval 'SKEW' OR NEW.COLUMN > clock_timestamp() + interval 'SKEW'
    THEN
        RAISE EXCEPTION 'TABLE.COLUMN is %, but this row is written at %: an audit row '
            'carries the time it is written.', NEW.COLUMN, clock_timestamp()
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER TABLE_written_now BEFORE INSERT ON TABLE
    FOR EACH ROW EXECUTE FUNCTION TABLE_written_now()
"""


def fill(template, table, column):
    return template.replace("TABLE", table).replace("COLUMN", column).replace("SKEW", ALLOWED_SKEW)


def create_statements():
    return [
        fill(template, table, column)
        for table, column in AUDIT_TIMES.items()
        for template in (FUNCTION, TRIGGER)
    ]


def drop_statements():
    statements = []
    for table in AUDIT_TIMES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_written_now ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_written_now()",
        ]
    return statements


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements():
                schema_editor.execute(sql, None)  # no parameters: RAISE uses %

    return apply


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0019_place_index_covers_counted")]

    operations = [
        # Nullable without a default: a plain ALTER TABLE ... ADD COLUMN on SQLite too, so the
        # table is not rebuilt and keeps its append-only triggers (migration 0006).
        migrations.AddField(
            model_name="statuschange",
            name="recorded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(run(create_statements), run(drop_statements)),
    ]
