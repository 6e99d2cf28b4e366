"""Claim matching at a million claims (issues 18, 15): on PostgreSQL the index on
(UPPER(place), as_of) also carries what the same-quantity search tests and returns.

factcheck.matching.candidates looks for claims in one place and a two-month date window whose
folded "what is counted" holds a word of the new claim's. Some 5,000 claims a place fall in
such a window at a million claims; reading each one's table row to test counted_folded cost a
random page read per row (50 to 100 ms, more on a cold cache). With counted_folded, place
(the planner needs the column itself for UPPER(place) to use an index-only scan: PostgreSQL
documentation, "Index-Only Scans and Covering Indexes"), duplicate_of_id and id stored in the
index (INCLUDE, not keys), the whole search is an index-only scan.

The index keeps its name, so the model's Meta (which declares the plain two-column index, as
SQLite has it) and later migrations still find it. SQLite is unchanged: it has no INCLUDE.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "DROP INDEX IF EXISTS claim_place_as_of_idx",
    "CREATE INDEX claim_place_as_of_idx ON factcheck_claim (UPPER(place), as_of) "
    "INCLUDE (counted_folded, place, duplicate_of_id, id)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS claim_place_as_of_idx",
    "CREATE INDEX claim_place_as_of_idx ON factcheck_claim (UPPER(place), as_of)",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0018_claim_matching")]

    operations = [
        migrations.RunPython(
            on_postgresql(POSTGRESQL_FORWARD), on_postgresql(POSTGRESQL_BACKWARD), elidable=False
        ),
    ]
