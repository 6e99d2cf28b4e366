"""Create the newsroom roles as groups carrying Django permissions.

The permission sets here are the single source of truth for what each role may do;
later migrations that add permissions extend them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view_claim", "view_claimant", "view_evidence", "view_statuschange"]

ROLE_PERMISSIONS = {
    "Viewer": READ + ["export_claims"],
    "Reporter": READ + ["add_claim", "change_own_claim", "add_evidence", "add_claimant"],
    "Editor": READ
    + [
        "add_claim",
        "change_claim",
        "change_own_claim",
        "review_claim",
        "assign_claim",
        "export_claims",
        "add_evidence",
        "delete_evidence",
        "add_claimant",
        "change_claimant",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(
            content_type__app_label="factcheck", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
