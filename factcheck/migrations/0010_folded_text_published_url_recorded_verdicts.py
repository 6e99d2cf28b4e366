"""Text compared as people mean it, a published fact check address, verdicts made elsewhere.

- `Claimant.name_folded`, `Claim.search_text` and `Claim.counted_folded` hold fold() of the
  text (factcheck/text.py), filled here for existing rows and kept by a pre_save signal. Claimant
  names are unique by `name_folded`, replacing the LOWER(name) constraint of 0008 (SQLite's
  LOWER() is ASCII-only). On PostgreSQL the trigram indexes move from UPPER(statement),
  UPPER(methodology_notes) and UPPER(counted) to the folded columns the searches now read.
- `Claim.published_url`: the public page of the fact check (ClaimReview's url).
- `StatusChange.recorded_verifier` / `recorded_status`: an imported verdict's maker and verdict
  as the file records them.

SQLite rebuilds a table to add a column, which drops its triggers: the claim count triggers
of 0005 and the audit triggers of 0006 (extended to the new columns) are re-created here.
"""

import importlib

import django.core.validators
from django.db import migrations, models

from factcheck.text import fold

queue_indexes = importlib.import_module("factcheck.migrations.0005_queue_indexes")

BATCH = 2000
SEPARATOR = "\x1f"  # factcheck.models.SEARCH_SEPARATOR

AUDIT_COLUMNS = (
    "id",
    "claim_id",
    "from_status",
    "to_status",
    "actor_id",
    "note",
    "changed_at",
    "recorded_verifier",
    "recorded_status",
)
AUDIT_CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in AUDIT_COLUMNS)
SQLITE_AUDIT_TRIGGERS = [
    "DROP TRIGGER IF EXISTS factcheck_statuschange_no_update",
    "DROP TRIGGER IF EXISTS factcheck_statuschange_no_delete",
    f"""
    CREATE TRIGGER factcheck_statuschange_no_update
    BEFORE UPDATE ON factcheck_statuschange
    FOR EACH ROW WHEN {AUDIT_CHANGED}
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

OLD_TRIGRAM_INDEXES = ("claim_statement_trgm_idx", "claim_methodology_notes_trgm_idx",
                       "claim_counted_trgm_idx")  # fmt: skip
NEW_TRIGRAM_INDEXES = {
    "claim_search_text_trgm_idx": "search_text",
    "claim_counted_folded_trgm_idx": "counted_folded",
}


def fill_folded_text(apps, schema_editor):
    Claimant = apps.get_model("factcheck", "Claimant")
    Claim = apps.get_model("factcheck", "Claim")
    seen, clashes = {}, []
    for claimant in Claimant.objects.order_by("pk").iterator():
        claimant.name_folded = fold(claimant.name)
        if claimant.name_folded in seen:
            clashes.append(f"{seen[claimant.name_folded]!r} and {claimant.name!r}")
        seen.setdefault(claimant.name_folded, claimant.name)
        claimant.save(update_fields=["name_folded"])
    if clashes:
        raise RuntimeError(
            "These claimants are one claimant written two ways (case, quotes, dashes or "
            "Unicode forms): " + "; ".join(clashes) + ". Rename or merge them in the admin "
            "(move the claims of one to the other), then migrate again."
        )
    last = 0
    while True:
        batch = list(
            Claim.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "statement", "methodology_notes", "counted")[:BATCH]
        )
        if not batch:
            break
        for claim in batch:
            claim.search_text = fold(claim.statement) + SEPARATOR + fold(claim.methodology_notes)
            claim.counted_folded = fold(claim.counted)
        Claim.objects.bulk_update(batch, ["search_text", "counted_folded"])
        last = batch[-1].pk


def restore_triggers_and_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in queue_indexes.SQLITE_DROP + queue_indexes.SQLITE_TRIGGERS:
            schema_editor.execute(statement)
        for statement in SQLITE_AUDIT_TRIGGERS:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name in OLD_TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        for name, column in NEW_TRIGRAM_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON factcheck_claim "
                f"USING gin ({column} gin_trgm_ops)"
            )


def unrestore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in NEW_TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        queue_indexes.add_trigram_indexes(apps, schema_editor)
        importlib.import_module(
            "factcheck.migrations.0007_counted_trigram"
        ).add_counted_trigram_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0009_claim_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="claimant",
            name="name_folded",
            field=models.CharField(default="", editable=False, max_length=400),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="claim",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="counted_folded",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="published_url",
            field=models.URLField(
                blank=True,
                help_text="The public page on your site where this fact check is published "
                "(ClaimReview's url).",
                max_length=500,
                validators=[
                    django.core.validators.URLValidator(
                        message="Enter a web address starting with http:// or https://.",
                        schemes=["http", "https"],
                    )
                ],
                verbose_name="published fact check",
            ),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="recorded_verifier",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="recorded_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("unverified", "Unverified"),
                    ("in_review", "In review"),
                    ("confirmed", "Confirmed"),
                    ("disputed", "Disputed"),
                    ("unverifiable", "Unverifiable"),
                    ("refuted", "Refuted"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(fill_folded_text, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="claimant", name="claimant_name_unique_ignoring_case"
        ),
        migrations.AlterField(
            model_name="claimant",
            name="name_folded",
            field=models.CharField(blank=True, editable=False, max_length=400, unique=True),
        ),
        migrations.RunPython(restore_triggers_and_indexes, unrestore),
    ]
