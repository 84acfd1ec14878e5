from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0034_ranking_index_sorts'),
        ('scoring', '0010_call_zscores'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='reviewfigures',
            name='review_figures_call_idx',
        ),
        migrations.AddIndex(
            model_name='reviewfigures',
            index=models.Index(fields=['call'], include=('proposal', 'review_count', 'mean', 'spread', 'eliminated', 'zscore'), name='review_figures_call_idx'),
        ),
    ]
