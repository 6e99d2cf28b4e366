"""Create (or update) the PostgreSQL role the app runs as, with only what it needs.

    python manage.py setup_runtime_role factcheck_app --password "$APP_DB_PASSWORD"

Run it as the database owner (DATABASE_URL of the owner), after every `migrate`, since new
tables need their grants. The role gets:

- SELECT, INSERT, UPDATE, DELETE on the app's tables, except
- the audit trail (factcheck_statuschange, factcheck_claimchange, factcheck_quantitychange)
  and the events (factcheck_event): SELECT and INSERT only, and an inserted row must carry the
  time it is written (a trigger, migration 0020: no back-dated rows),
- django_migrations: SELECT only (/healthz reads it);
- USAGE, SELECT, UPDATE on the sequences (UPDATE: the importer moves the claim id sequence);
- no TRUNCATE, no TRIGGER, no REFERENCES, no CREATE on the schema, and it owns nothing, so it
  cannot alter or drop a table or disable or drop a trigger.

See README, "Production: the database roles".
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

AUDIT_TABLES = (
    "factcheck_statuschange",
    "factcheck_claimchange",
    "factcheck_quantitychange",
    "factcheck_event",
)
READ_ONLY_TABLES = ("django_migrations",)


def grant_statements(role: str, password: str | None, database: str) -> list:
    """The SQL, as psycopg `sql.Composed`, that creates `role` (LOGIN, no other attribute) if
    missing, sets its password if given, and grants exactly what the module docstring lists."""
    who = sql.Identifier(role)
    statements = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN "
            "CREATE ROLE {who} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; "
            "END IF; END $$"
        ).format(name=sql.Literal(role), who=who),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
    ]
    for table in AUDIT_TABLES:
        statements.append(
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), who)
        )
    for table in READ_ONLY_TABLES:
        statements.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(
                sql.Identifier(table), who
            )
        )
    if password:
        statements.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(who, sql.Literal(password)))
    return statements


class Command(BaseCommand):
    help = "Create or update the PostgreSQL role the app runs as (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role's name, e.g. factcheck_app")
        parser.add_argument("--password", help="set the role's password (else left as it is)")

    def handle(self, *args, role, password, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Runtime roles are for PostgreSQL; SQLite has no users.")
        database = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            for statement in grant_statements(role, password, database):
                cursor.execute(statement)
        self.stdout.write(f"Role {role} may use {database} (audit trail insert-only).")
