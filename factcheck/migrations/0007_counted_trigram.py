from django.db import migrations

# The queue's and the exports' "what is counted" filter is a case-insensitive substring match,
# UPPER(counted) LIKE UPPER('%term%') on PostgreSQL: a trigram GIN index on the same expression
# serves it, as 0005 does for the text search. SQLite has no trigram indexes: nothing to do.


def add_counted_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS claim_counted_trgm_idx ON factcheck_claim "
        "USING gin (UPPER(counted) gin_trgm_ops)"
    )


def remove_counted_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claim_counted_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0006_audit_append_only_sqlite")]

    operations = [migrations.RunPython(add_counted_trigram_index, remove_counted_trigram_index)]
