from django.db import migrations

WARM = "Tableaux de bord : chiffres des programmes en cours recalculés"


def create_schedule(apps, schema_editor):
    # Every 4 minutes, within the 5 the figures are kept by default (CONCERTO_DASHBOARD_CACHE_SECONDS).
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    if not periodic_task.objects.filter(name=WARM).exists():
        every, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
            every=4, period="minutes")
        periodic_task.objects.create(name=WARM, task="reporting.warm_dashboards", interval=every)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=WARM).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
