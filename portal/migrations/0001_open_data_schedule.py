from django.db import migrations

WRITE = "Données ouvertes : fichiers de la version publiée écrits d'avance"


def create_schedule(apps, schema_editor):
    # Every 5 minutes: a new published version's files are written before most visitors ask for them.
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    if not periodic_task.objects.filter(name=WRITE).exists():
        every, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
            every=5, period="minutes")
        periodic_task.objects.create(name=WRITE, task="portal.write_open_data", interval=every)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=WRITE).delete()


class Migration(migrations.Migration):

    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
