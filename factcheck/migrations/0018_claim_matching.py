"""Claim matching (issue 18): duplicates, and the indexes that find a new claim's candidates.

- `Claim.duplicate_of`: the earlier claim a claim repeats, with a check that it is earlier (a
  lower number) and not the claim itself; editors get the permission to set it.
- Indexes for a date window per claimant and per place (UPPER(place)), on both databases.
- PostgreSQL: a full-text GIN index on to_tsvector('simple', statement) ('simple': no
  stemming or stop words, so any language is indexed alike); what is counted is matched by
  substring and trigram similarity (the trigram index of migration 0007).
- SQLite: an FTS5 table `factcheck_claim_fts` (statement, counted; rowid = the claim's id),
  kept in step by triggers on factcheck_claim in the same transaction as every write. It
  keeps its own copy of the text (not an external-content table), so a delete by rowid always
  works, whatever the row held: a flush (DELETE FROM factcheck_claim) empties it through the
  triggers.

SQLite has no ALTER TABLE ... ADD CONSTRAINT: Django rebuilds the claim table to add the check,
and a rebuilt table loses its triggers (the status counts of migration 0005). `KeepTriggers`
saves them before and restores them after, exactly as they were stored.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models.functions import Upper

PERMISSION = "mark_duplicate"

POSTGRESQL_CREATE = [
    "CREATE INDEX IF NOT EXISTS claim_statement_fts_idx ON factcheck_claim "
    "USING gin (to_tsvector('simple'::regconfig, statement))",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS claim_statement_fts_idx"]
# unicode61 folds case across scripts (Cyrillic, Greek) and splits on punctuation, typographic
# quotes included; diacritics are kept, as factcheck.text.fold keeps them.
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE factcheck_claim_fts USING fts5("
    "statement, counted, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO factcheck_claim_fts (rowid, statement, counted) "
    "SELECT id, statement, counted FROM factcheck_claim",
    """CREATE TRIGGER factcheck_claim_fts_insert AFTER INSERT ON factcheck_claim BEGIN
        INSERT INTO factcheck_claim_fts (rowid, statement, counted)
        VALUES (NEW.id, NEW.statement, NEW.counted);
    END""",
    """CREATE TRIGGER factcheck_claim_fts_update AFTER UPDATE OF id, statement, counted
    ON factcheck_claim BEGIN
        DELETE FROM factcheck_claim_fts WHERE rowid = OLD.id;
        INSERT INTO factcheck_claim_fts (rowid, statement, counted)
        VALUES (NEW.id, NEW.statement, NEW.counted);
    END""",
    """CREATE TRIGGER factcheck_claim_fts_delete AFTER DELETE ON factcheck_claim BEGIN
        DELETE FROM factcheck_claim_fts WHERE rowid = OLD.id;
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS factcheck_claim_fts_insert",
    "DROP TRIGGER IF EXISTS factcheck_claim_fts_update",
    "DROP TRIGGER IF EXISTS factcheck_claim_fts_delete",
    "DROP TABLE IF EXISTS factcheck_claim_fts",
]


def on(vendor, statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class KeepTriggers(migrations.AddConstraint):
    """AddConstraint that restores the table's triggers after SQLite rebuilds the table."""

    def _triggers(self, schema_editor, table):
        if schema_editor.connection.vendor != "sqlite":
            return []
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            return [row[0] for row in cursor.fetchall()]

    def _keeping(self, parent, app_label, schema_editor, from_state, to_state):
        table = to_state.apps.get_model(app_label, self.model_name)._meta.db_table
        kept = self._triggers(schema_editor, table)
        parent(app_label, schema_editor, from_state, to_state)
        existing = set(self._triggers(schema_editor, table))
        for sql in kept:
            if sql not in existing:
                schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._keeping(super().database_forwards, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._keeping(super().database_backwards, app_label, schema_editor, from_state, to_state)


def grant_to_editors(apps, schema_editor):
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="factcheck", codename=PERMISSION)
    Group.objects.get(name="Editor").permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="factcheck", codename=PERMISSION).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0017_status_needs_audit_row"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["created_at", "id"],
                "permissions": [
                    ("change_own_claim", "Can edit own claims while they are unverified"),
                    ("review_claim", "Can move claims through the verification workflow"),
                    ("assign_claim", "Can assign claims to users"),
                    ("export_claims", "Can export verified figures"),
                    ("import_claims", "Can import claims from a CSV file"),
                    ("mark_duplicate", "Can mark a claim as a duplicate of an earlier one"),
                ],
            },
        ),
        migrations.RunPython(grant_to_editors, revoke),
        migrations.AddField(
            model_name="claim",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="duplicates",
                to="factcheck.claim",
                verbose_name="duplicate of",
            ),
        ),
        KeepTriggers(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("duplicate_of__isnull", True))
                | models.Q(("duplicate_of__lt", models.F("id"))),
                name="claim_duplicate_of_earlier",
                violation_error_message="A claim can only be a duplicate of an earlier claim.",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["claimant", "as_of"], name="claim_claimant_as_of_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(Upper("place"), "as_of", name="claim_place_as_of_idx"),
        ),
        migrations.RunPython(
            on("postgresql", POSTGRESQL_CREATE), on("postgresql", POSTGRESQL_DROP)
        ),
        migrations.RunPython(on("sqlite", SQLITE_CREATE), on("sqlite", SQLITE_DROP)),
    ]
