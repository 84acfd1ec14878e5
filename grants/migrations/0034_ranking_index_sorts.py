from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0033_queue_idle_number'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='proposal',
            name='proposal_ranking_idx',
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['call', 'state'], include=('id', 'requested_amount', 'primary_axis', 'organisation', 'organisation_name', 'title'), name='proposal_ranking_idx'),
        ),
    ]
