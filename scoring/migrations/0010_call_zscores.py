import django.db.models.deletion
from django.db import migrations, models

SWEEP = "Classement : cotes z des appels à jour"


def create_sweep_schedule(apps, schema_editor):
    # Every 5 minutes: calls whose proposals were withdrawn or reviewed while the broker was down.
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    if not periodic_task.objects.filter(name=SWEEP).exists():
        every, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
            every=5, period="minutes")
        periodic_task.objects.create(name=SWEEP, task="scoring.sweep_zscores", interval=every)


def remove_sweep_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0033_queue_idle_number'),
        ('scoring', '0009_reviewer_loads'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='CallZscores',
            fields=[
                ('call', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='grants.call', verbose_name='appel')),
                ('fingerprint', models.DecimalField(decimal_places=0, max_digits=40, null=True, verbose_name='empreinte')),
                ('computed_at', models.DateTimeField(null=True, verbose_name='calculées le')),
            ],
            options={
                'verbose_name': "cotes z d'un appel",
                'verbose_name_plural': 'cotes z des appels',
            },
        ),
        migrations.AddField(
            model_name='reviewfigures',
            name='zscore',
            field=models.FloatField(null=True, verbose_name='cote z'),
        ),
        migrations.RunPython(create_sweep_schedule, remove_sweep_schedule),
    ]
