"""The periodic tasks, stored with django-celery-beat so staff can change times in the admin.

ensure() creates the missing ones and never overwrites an edited schedule. It takes the models as
arguments so the data migration can pass its historical models.
"""

from core import retention

SCHEDULES = [
    # (name, task, crontab or None, every-N-minutes or None)
    ("Rappels : balayage quotidien", "notifications.scan_reminders",
     {"minute": "0", "hour": "6", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}, None),
    ("Sommaire hebdomadaire des analystes", "notifications.send_analyst_digest",
     {"minute": "0", "hour": "7", "day_of_week": "1", "day_of_month": "*", "month_of_year": "*"}, None),
    ("File d'envoi : reprise des messages en attente", "notifications.sweep_outbox", None, 1),
    # Core's daily retention run (created by core's migration 0002; listed here for setup_schedules).
    retention.SCHEDULE,
]


def ensure(periodic_task, crontab_schedule, interval_schedule, timezone_name="America/Toronto"):
    created = []
    for name, task, crontab, minutes in SCHEDULES:
        if periodic_task.objects.filter(name=name).exists():
            continue
        if crontab is not None:
            schedule, _ = crontab_schedule.objects.get_or_create(timezone=timezone_name, **crontab)
            periodic_task.objects.create(name=name, task=task, crontab=schedule)
        else:
            schedule, _ = interval_schedule.objects.get_or_create(every=minutes, period="minutes")
            periodic_task.objects.create(name=name, task=task, interval=schedule)
        created.append(name)
    return created


def ensure_current():
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    return ensure(PeriodicTask, CrontabSchedule, IntervalSchedule, settings.TIME_ZONE)
