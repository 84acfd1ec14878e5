from django.db import migrations

NAME = "Webhooks : reprise des envois en attente"
TASK = "workflow.sweep_webhooks"


def create_schedule(apps, schema_editor):
    # Every minute: enqueue the deliveries due for a retry, and those whose task was lost (broker down).
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    interval_schedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    if periodic_task.objects.filter(name=NAME).exists():
        return
    every_minute, _ = interval_schedule.objects.get_or_create(every=1, period="minutes")
    periodic_task.objects.create(name=NAME, task=TASK, interval=every_minute)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0003_webhooks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
