from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0001_initial'),
        ('grants', '0005_accountability_moved'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProposalLifecycle',
            fields=[],
            options={
                'verbose_name': 'demande',
                'verbose_name_plural': 'demandes',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('grants.proposal',),
        ),
    ]
