# The proposal's organisation and program copied onto each report: the applicant dashboard's reports to file,
# the portal's latest acceptance per program and a program's reports to review each read one index.

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE grants_report AS r SET organisation_id = p.organisation_id, program_id = p.program_id
FROM grants_agreement AS a JOIN grants_proposal AS p ON p.id = a.proposal_id
WHERE a.id = r.agreement_id AND (r.organisation_id IS NULL OR r.program_id IS NULL)
"""


def backfill(apps, schema_editor):
    # UPDATE … FROM runs on PostgreSQL and SQLite ≥ 3.33 alike.
    schema_editor.execute(BACKFILL)
    if schema_editor.connection.vendor == "postgresql":
        # The foreign key's deferred checks of the backfill run now: the table can then be altered.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0004_api_list_index'),
        ('grants', '0013_api_list_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='organisation',
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='grants.organisation', verbose_name='organisme'),
        ),
        migrations.AddField(
            model_name='report',
            name='program',
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='grants.program', verbose_name='programme'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='report',
            name='organisation',
            field=models.ForeignKey(db_index=False, editable=False,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='grants.organisation', verbose_name='organisme'),
        ),
        migrations.AlterField(
            model_name='report',
            name='program',
            field=models.ForeignKey(db_index=False, editable=False,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='grants.program', verbose_name='programme'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(condition=models.Q(('state', 'accepted'), _negated=True),
                               fields=['organisation', 'due_on', 'id'], name='report_to_file_idx'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(condition=models.Q(('state', 'accepted')), fields=['program', 'accepted_at'],
                               name='report_program_accepted_idx'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(condition=models.Q(('state', 'accepted')), fields=['accepted_at'],
                               name='report_accepted_at_idx'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(condition=models.Q(('state', 'submitted')), fields=['program', 'submitted_at', 'id'],
                               name='report_program_submitted_idx'),
        ),
    ]
