"""The proposal's organisation, program and call copied onto each agreement, as onto reports (0005): the API's list
of agreements reads a person's organisations' or a program's own index, newest first."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE grants_agreement AS a SET organisation_id = p.organisation_id, program_id = p.program_id, call_id = p.call_id
FROM grants_proposal AS p WHERE p.id = a.proposal_id
"""


def backfill(apps, schema_editor):
    # UPDATE … FROM runs on PostgreSQL and SQLite ≥ 3.33 alike.
    schema_editor.execute(BACKFILL)
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys' deferred checks of the backfill run now: the table can then be altered.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def copy(to, label, *, null):
    return models.ForeignKey(db_index=False, editable=False, null=null, on_delete=django.db.models.deletion.PROTECT,
                             related_name="+", to=to, verbose_name=label)


class Migration(migrations.Migration):

    dependencies = [
        ("accountability", "0014_report_list_filters"),
        ("grants", "0031_proposal_program_latest"),
    ]

    operations = [
        migrations.AddField(model_name="agreement", name="organisation",
                            field=copy("grants.organisation", "organisme", null=True)),
        migrations.AddField(model_name="agreement", name="program",
                            field=copy("grants.program", "programme", null=True)),
        migrations.AddField(model_name="agreement", name="call", field=copy("grants.call", "appel", null=True)),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(model_name="agreement", name="organisation",
                              field=copy("grants.organisation", "organisme", null=False)),
        migrations.AlterField(model_name="agreement", name="program",
                              field=copy("grants.program", "programme", null=False)),
        migrations.AlterField(model_name="agreement", name="call", field=copy("grants.call", "appel", null=False)),
        migrations.AddIndex(model_name="agreement", index=models.Index(
            fields=["organisation", "created_at", "id"], name="agreement_organisation_idx")),
        migrations.AddIndex(model_name="agreement", index=models.Index(
            fields=["program", "created_at", "id"], name="agreement_program_idx")),
        migrations.AddIndex(model_name="agreement", index=models.Index(
            fields=["call", "created_at", "id"], name="agreement_call_idx")),
    ]
