"""Editors may import claims; the audit trail refuses to be rewritten on PostgreSQL.

The trigger lets through an UPDATE that changes nothing (NEW IS NOT DISTINCT FROM OLD), because
`loaddata` re-saves existing rows with identical values: `make run` loads the demo every time.
SQLite has no such trigger; there the admin and the model code are the guard.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

IMPORT_PERMISSION = "import_claims"

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION factcheck_statuschange_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % of status change % refused.', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER factcheck_statuschange_append_only
    BEFORE UPDATE OR DELETE ON factcheck_statuschange
    FOR EACH ROW EXECUTE FUNCTION factcheck_statuschange_append_only();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS factcheck_statuschange_append_only ON factcheck_statuschange;
DROP FUNCTION IF EXISTS factcheck_statuschange_append_only();
"""


def grant_import_to_editors(apps, schema_editor):
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="factcheck", codename=IMPORT_PERMISSION
    )
    Group.objects.get(name="Editor").permissions.add(permission)


def revoke_import(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="factcheck", codename=IMPORT_PERMISSION
    ).delete()


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_tracked_quantities"),
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
                ],
            },
        ),
        migrations.RunPython(grant_import_to_editors, revoke_import),
        migrations.RunPython(on_postgresql(CREATE_TRIGGER), on_postgresql(DROP_TRIGGER)),
    ]
