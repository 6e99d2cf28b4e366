"""Django's SQLite backend, with a flush that empties tables the way PostgreSQL's TRUNCATE does:
without firing their row triggers.

The audit trail's append-only triggers (migrations 0006, 0009 and 0010) refuse every DELETE on
SQLite, and SQLite has no TRUNCATE: Django's `flush` (and so every transactional test's
teardown) empties tables with DELETE FROM. Here `flush`, when it empties an append-only table,
drops that table's triggers and restores them, exactly as they were stored, in the same
transaction. Other tables' triggers (the claim counts of migration 0005) fire as before. That
is no back door: `flush` empties the whole database, and anyone who can run it can run DROP
TRIGGER; on PostgreSQL `flush` is a TRUNCATE, which row triggers do not see either. Selective
UPDATE or DELETE of audit rows stays refused.
"""

from itertools import chain

from django.db.backends.sqlite3 import base, operations

APPEND_ONLY_TABLES = {
    "factcheck_statuschange",
    "factcheck_claimchange",
    "factcheck_quantitychange",
}


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        emptied = set(tables)
        if allow_cascade:  # as the parent does, to know every table it empties
            emptied = set(chain.from_iterable(self._references_graph(t) for t in tables))
        triggers = self._triggers(emptied & APPEND_ONLY_TABLES)
        drop = [f"DROP TRIGGER {self.quote_name(name)};" for name, _ in triggers]
        restore = [f"{definition};" for _, definition in triggers]
        return drop + sql + restore

    def _triggers(self, tables):
        found = []
        with self.connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND tbl_name = %s ORDER BY name",
                    [table],
                )
                found.extend(cursor.fetchall())
        return found


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
