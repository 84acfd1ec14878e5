"""The staff search over reports' texts, on PostgreSQL: French full text (grants migration 0012's
`concerto_french`: accents and plurals fold) on an expression GIN index; outside the models' state, like the
proposals' search vector (SQLite has no such index: the demo reads its small table)."""

from django.db import migrations

# workflow.search matches this very expression, so that the index serves it.
VECTOR = "to_tsvector('concerto_french'::regconfig, coalesce(narrative, '') || ' ' || coalesce(objectives_progress, ''))"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX report_search_idx ON grants_report USING gin (({VECTOR}))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS report_search_idx")


class Migration(migrations.Migration):

    dependencies = [
        ("accountability", "0005_report_organisation_scalepages"),
        ("grants", "0012_search_similarity"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
