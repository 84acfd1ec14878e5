# The assignment and review states become django-fsm fields (still varchar columns: no data change);
# a decision may be recorded without a meeting, with its own date.

import django.db.models.deletion
import django_fsm
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0002_scenarios_decisions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reviewerassignment',
            name='state',
            field=django_fsm.FSMField(choices=[('pending', 'Déclaration de conflit attendue'), ('active', 'Aucun conflit déclaré'), ('recused', 'Récusé'), ('cancelled', 'Annulée')], default='pending', max_length=20, protected=True, verbose_name='état'),
        ),
        migrations.AlterField(
            model_name='review',
            name='state',
            field=django_fsm.FSMField(choices=[('draft', 'Brouillon'), ('submitted', 'Déposée')], db_index=True, default='draft', max_length=20, protected=True, verbose_name='état'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='scoring.boardmeeting', verbose_name='séance'),
        ),
        migrations.AddField(
            model_name='decision',
            name='decided_on',
            field=models.DateField(blank=True, null=True, verbose_name='date de la décision'),
        ),
    ]
