"""The staff queue's search on the proposal's own copy of its organisation's name (workflow.queue): a trigram
index like the title's and the number's (0009), so one condition over the proposal's three columns can be
answered by their indexes, with no union through the organisations. PostgreSQL only, outside the state."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX proposal_org_name_search_idx ON grants_proposal "
                              "USING gin (UPPER(organisation_name::text) gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proposal_org_name_search_idx")


class Migration(migrations.Migration):

    dependencies = [("grants", "0029_proposal_state_changed_at")]

    operations = [migrations.RunPython(create_index, drop_index)]
