# One application, several funders (grants.funders).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0018_portal_public_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='lead_call',
            field=models.ForeignKey(blank=True, help_text="Pour un bailleur qui se joint à l'appel d'un autre programme : les organismes déposent une seule demande dans l'appel principal et sollicitent ce bailleur en même temps.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='co_calls', to='grants.call', verbose_name='appel conjoint de'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='application',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='funder_files', to='grants.proposal', verbose_name="demande conjointe d'origine"),
        ),
        migrations.AddField(
            model_name='cofunding',
            name='funder_file',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='grants.proposal', verbose_name='dossier de ce bailleur'),
        ),
        migrations.AlterField(
            model_name='cofunding',
            name='status',
            field=models.CharField(choices=[('confirmed', 'Confirmé'), ('pending', 'En attente'), ('declined', 'Refusé')], max_length=20, verbose_name='statut'),
        ),
        migrations.CreateModel(
            name='FunderRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='montant demandé à ce bailleur ($)')),
                ('call', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='grants.call', verbose_name='bailleur (appel)')),
                ('primary_axis', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='grants.axis', verbose_name='axe principal chez ce bailleur')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='funder_requests', to='grants.proposal', verbose_name='demande')),
            ],
            options={
                'verbose_name': 'montant demandé à un bailleur',
                'verbose_name_plural': 'montants demandés aux bailleurs',
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('proposal', 'call'), name='funder_request_once_per_funder'), models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='funder_request_positive')],
            },
        ),
    ]
