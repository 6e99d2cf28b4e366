"""Import jobs get a check step (issue 18): the check's report, the choice to skip rows whose
figure is in the desk, and the states of a job waiting to be checked, being checked, or
checked and waiting; and when its task was enqueued (a job still waiting long after is
enqueued again), for the jobs already waiting their upload time."""

from django.db import migrations, models


def waiting_since_upload(apps, schema_editor):
    ImportJob = apps.get_model("factcheck", "ImportJob")
    ImportJob.objects.filter(state="queued").update(queued_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0023_login_throttle"),
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
        migrations.AddField(
            model_name="importjob",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(waiting_since_upload, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="importjob",
            name="state",
            field=models.CharField(
                choices=[
                    ("to_check", "Waiting for a worker to check it"),
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
