from django.conf import settings
from django.db import migrations


def create_schedules(apps, schema_editor):
    from notifications import schedules

    schedules.ensure(apps.get_model("django_celery_beat", "PeriodicTask"),
                     apps.get_model("django_celery_beat", "CrontabSchedule"),
                     apps.get_model("django_celery_beat", "IntervalSchedule"), settings.TIME_ZONE)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, migrations.RunPython.noop)]
