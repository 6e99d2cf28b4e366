"""Figures are kept to 15 digits, 4 after the point (factcheck.limits): what SQLite, which keeps
a non-integer decimal as a float, and PostgreSQL both store exactly.

On PostgreSQL the columns become numeric(15, 4). On SQLite the column type does not change
(a decimal column has no size there), so only Django's state changes: altering the field
through the schema editor would rebuild the claim table and drop the triggers that keep the
status counts (migration 0005). Either way, a desk holding a figure beyond the limit is told
which claims to correct first, and nothing is changed.
"""

from decimal import Decimal

from django.db import migrations, models

LIMIT = Decimal("99999999999.9999")


def check_and_alter(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    beyond = Claim.objects.filter(
        models.Q(value__gt=LIMIT)
        | models.Q(value__lt=-LIMIT)
        | models.Q(value_high__gt=LIMIT)
        | models.Q(value_high__lt=-LIMIT)
    ).values_list("pk", flat=True)[:50]
    if beyond:
        raise RuntimeError(
            "Figures are now kept up to 99,999,999,999.9999; correct claims "
            f"{', '.join(map(str, beyond))} (e.g. in a bigger unit) and migrate again."
        )
    if schema_editor.connection.vendor == "postgresql":
        for column in ("value", "value_high"):
            schema_editor.execute(
                f"ALTER TABLE factcheck_claim ALTER COLUMN {column} TYPE numeric(15, 4)"
            )


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in ("value", "value_high"):
            schema_editor.execute(
                f"ALTER TABLE factcheck_claim ALTER COLUMN {column} TYPE numeric(20, 4)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0015_events_webhooks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="value",
                    field=models.DecimalField(
                        blank=True, decimal_places=4, max_digits=15, null=True
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="value_high",
                    field=models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="For ranges only: the upper end (value is the lower end).",
                        max_digits=15,
                        null=True,
                        verbose_name="upper value",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(check_and_alter, widen)],
        ),
    ]
