"""Each agreement's latest accepted report (and the people it says were reached) and each indicator's latest
filled-in accepted result, kept on the rows by accountability.latest; filled by migration 0008."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0006_report_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='agreement',
            name='latest_report',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accountability.report', verbose_name='dernier rapport accepté'),
        ),
        *(migrations.AddField(model_name='agreement', name=f'reached_{who}',
                              field=models.PositiveIntegerField(blank=True, editable=False, null=True,
                                                                verbose_name=label))
          for who, label in (('women', 'femmes rejointes (dernier rapport accepté)'),
                             ('men', 'hommes rejoints (dernier rapport accepté)'),
                             ('other', 'autres identités rejointes (dernier rapport accepté)'))),
        migrations.AddField(
            model_name='reportindicatorresult',
            name='is_latest',
            field=models.BooleanField(default=False, editable=False, verbose_name="dernier résultat de l'indicateur"),
        ),
        migrations.AddConstraint(
            model_name='reportindicatorresult',
            constraint=models.UniqueConstraint(condition=models.Q(('is_latest', True)), fields=('indicator',), name='result_one_latest_per_indicator'),
        ),
    ]
