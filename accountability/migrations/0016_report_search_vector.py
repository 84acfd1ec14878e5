"""The reports' search vector stored, as the proposals' is (grants 0012), in place of 0006's expression index.

A search reads the newest reports of the person's programs and keeps those matching; with only an expression
index, each row read had its vector computed again from its texts (about 0.1 ms a report: a word found in
three reports out of four cost 0.2 s at 960,000 reports). PostgreSQL keeps the column up to date on every write.
Adding it rewrites the table (about two minutes at 960,000 reports, the table locked meanwhile: docs/scaling.md).
"""

from django.db import migrations

VECTOR = "to_tsvector('concerto_french'::regconfig, coalesce(narrative, '') || ' ' || coalesce(objectives_progress, ''))"


def store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE grants_report ADD COLUMN search_vector tsvector "
                          f"GENERATED ALWAYS AS ({VECTOR}) STORED")
    schema_editor.execute("CREATE INDEX report_search_vector_idx ON grants_report USING gin (search_vector)")
    schema_editor.execute("DROP INDEX IF EXISTS report_search_idx")


def unstore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX report_search_idx ON grants_report USING gin (({VECTOR}))")
    schema_editor.execute("ALTER TABLE grants_report DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):

    dependencies = [("accountability", "0015_agreement_organisation_program")]

    operations = [migrations.RunPython(store, unstore)]
