import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from notifications import schedules

pytestmark = pytest.mark.django_db


def test_beat_schedules_are_created_once_and_admin_edits_are_kept(capsys):
    schedules.ensure_current()  # the data migration did it, unless a transactional test flushed the tables
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"notifications.scan_reminders", "notifications.sweep_outbox",
            "notifications.send_analyst_digest"} <= names
    task = PeriodicTask.objects.get(task="notifications.scan_reminders")
    task.crontab.hour = "5"
    task.crontab.save()  # edited in the admin
    call_command("setup_schedules")
    assert "0 planification(s) créée(s)" in capsys.readouterr().out
    assert PeriodicTask.objects.get(task="notifications.scan_reminders").crontab.hour == "5"
    PeriodicTask.objects.filter(task="notifications.sweep_outbox").delete()
    assert schedules.ensure_current() == ["File d'envoi : reprise des messages en attente"]
