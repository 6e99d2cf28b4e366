"""On PostgreSQL, a claim's status cannot change without its audit row, unless the database
user owns the table (migrations, a database administrator).

A deferred constraint trigger checks, when the transaction commits, that the claim's latest
status change (factcheck_statuschange, highest id) ends at the claim's status. The workflow's
one writer (factcheck.workflow.status_writer) always appends that row in the same
transaction, so the app is never refused; an `UPDATE factcheck_claim SET status = ...` by the
runtime role (python manage.py setup_runtime_role) without it is. The table's owner is left
alone: it can drop any trigger anyway, and test factories set statuses directly.
SQLite has no roles (whoever runs the app owns the file), so nothing changes there.
"""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION factcheck_claim_status_audited() RETURNS trigger AS $$
    DECLARE
        last_status text;
        current_status text;
    BEGIN
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                       'MEMBER') THEN
            RETURN NULL;
        END IF;
        SELECT status INTO current_status FROM factcheck_claim WHERE id = NEW.id;
        SELECT to_status INTO last_status FROM factcheck_statuschange
            WHERE claim_id = NEW.id ORDER BY id DESC LIMIT 1;
        IF current_status IS DISTINCT FROM COALESCE(last_status, 'unverified') THEN
            RAISE EXCEPTION 'Claim % has status % but its audit trail ends at %: a status '
                'changes only with its audit row.', NEW.id, current_status, last_status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE CONSTRAINT TRIGGER factcheck_claim_status_audited
        AFTER INSERT OR UPDATE OF status ON factcheck_claim
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION factcheck_claim_status_audited()
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS factcheck_claim_status_audited ON factcheck_claim",
    "DROP FUNCTION IF EXISTS factcheck_claim_status_audited()",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, None)  # no parameters: RAISE uses %

    return apply


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0016_figure_limits")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
