"""Evidence notifications say added, changed or removed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0020_audit_time"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="event",
            field=models.CharField(
                choices=[
                    ("mentioned", "Mentioned"),
                    ("assigned", "Assigned to you"),
                    ("status_changed", "Status changed"),
                    ("commented", "New comment"),
                    ("evidence_added", "Evidence added"),
                    ("evidence_changed", "Evidence changed"),
                    ("evidence_removed", "Evidence removed"),
                    ("edited", "Claim edited"),
                    ("import_finished", "Import finished"),
                ],
                max_length=30,
            ),
        ),
    ]
