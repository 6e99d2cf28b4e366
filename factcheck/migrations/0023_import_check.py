"""Import jobs get a check step (issue 18): the check's report, the choice to skip rows whose
figure is in the desk, and the states of a job being checked or checked and waiting."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0020_audit_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="checked",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importjob",
            name="skip_same_figure",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="state",
            field=models.CharField(
                choices=[
                    ("checking", "Checking"),
                    ("checked", "Checked, not imported"),
                    ("queued", "Waiting for a worker"),
                    ("running", "Running"),
                    ("done", "Imported"),
                    ("refused", "Nothing imported"),
                    ("crashed", "Stopped by an error"),
                ],
                default="queued",
                max_length=10,
            ),
        ),
    ]
