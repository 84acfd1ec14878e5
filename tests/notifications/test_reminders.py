from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import reminders
from notifications.models import OutboxMessage, ReminderClaim

pytestmark = pytest.mark.django_db
TORONTO = ZoneInfo("America/Toronto")


def scan_on(day, **kwargs):
    with time_machine.travel(datetime.combine(day, time(6), tzinfo=TORONTO), tick=False):
        return reminders.scan(**kwargs)


def test_offsets_due_day_weekly_overdue_and_escalation_across_a_calendar(world, make_report, today):
    report = make_report(due_on=today)
    sent = {}
    for offset in range(-40, 31):
        day = today + timedelta(days=offset)
        for reminder in scan_on(day).claimed:
            sent[(reminder.kind, reminder.occurrence)] = offset
    assert sent == {
        ("report_reminder", "before-30"): -30, ("report_reminder", "before-7"): -7,
        ("report_reminder", "before-1"): -1, ("report_reminder", "due"): 0,
        ("report_overdue", "overdue-w1"): 1, ("report_overdue", "overdue-w2"): 8,
        ("report_overdue", "overdue-w3"): 15, ("report_overdue", "overdue-w4"): 22,
        ("report_overdue", "overdue-w5"): 29, ("report_escalation", "escalation"): 14,
    }
    escalated = OutboxMessage.objects.filter(kind="report_escalation", object_id=report.pk)
    assert set(escalated.values_list("to_email", flat=True)) == {"applicant@example.org", "analyst@example.org"}
    # Before the escalation the analysts are not in copy; the outside program's analyst never is.
    assert not OutboxMessage.objects.filter(to_email="analyst@example.org").exclude(kind="report_escalation")
    assert not OutboxMessage.objects.filter(to_email="outside-analyst@example.org").exists()


def test_a_missed_day_still_sends_the_window_reminder_once(make_report, today):
    make_report(due_on=today)
    assert [r.occurrence for r in scan_on(today - timedelta(days=20)).claimed] == ["before-30"]
    assert [r.occurrence for r in scan_on(today - timedelta(days=3)).claimed] == ["before-7"]
    assert scan_on(today - timedelta(days=2)).claimed == []


def test_repeated_scans_send_each_reminder_once(make_report, today):
    make_report(due_on=today + timedelta(days=7))
    first = scan_on(today)
    again = scan_on(today)
    assert len(first.claimed) == 1 and again.claimed == []
    assert OutboxMessage.objects.count() == 1 and ReminderClaim.objects.count() == 1


def test_filed_and_accepted_reports_are_not_chased(make_report, today):
    make_report(due_on=today, state="submitted")
    make_report(due_on=today - timedelta(days=3), state="accepted")
    returned = make_report(due_on=today - timedelta(days=3), state="returned")
    claimed = scan_on(today).claimed
    assert [(r.object_id, r.occurrence) for r in claimed] == [(returned.pk, "overdue-w1")]


def test_reminder_is_written_in_the_recipients_language(world, make_report, today):
    world.applicant.language = "en"
    world.applicant.save()
    make_report(due_on=today + timedelta(days=7), kind="final")
    scan_on(today)
    message = OutboxMessage.objects.get()
    assert message.language == "en"
    assert message.context["report_title"] == "Final report" or message.context["report_title"] == "Rapport final"
    assert message.context["due_on"] == "March 22, 2027"
    assert message.context["days_left"] == "7"


def test_dry_run_claims_and_writes_nothing(make_report, today):
    make_report(due_on=today)
    result = scan_on(today, dry_run=True)
    assert len(result.claimed) == 1
    assert not ReminderClaim.objects.exists() and not OutboxMessage.objects.exists()


def test_scan_query_count_does_not_grow_with_reports(world, make_report, today):
    make_report(due_on=today)
    with CaptureQueriesContext(connection) as few:
        scan_on(today + timedelta(days=1))
    for offset in range(12):
        make_report(due_on=today + timedelta(days=offset % 9))
    with CaptureQueriesContext(connection) as many:
        scan_on(today + timedelta(days=2))
    assert len(many) == len(few) <= 15


def test_send_due_reminders_command_prints_what_it_sends(make_report, today, capsys):
    report = make_report(due_on=today + timedelta(days=1))
    call_command("send_due_reminders", "--date", today.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert f"serait envoyé : report_reminder before-1 grants.report#{report.pk} → applicant@example.org" in out
    assert not ReminderClaim.objects.exists()
    call_command("send_due_reminders", "--date", today.isoformat())
    assert "envoyé : report_reminder before-1" in capsys.readouterr().out
    assert ReminderClaim.objects.count() == 1


def test_offsets_and_grace_period_come_from_the_settings(settings, make_report, today):
    settings.CONCERTO_REMINDER_OFFSETS = [14, 2]
    settings.CONCERTO_REMINDER_GRACE_DAYS = 3
    make_report(due_on=today)
    sent = {r.occurrence: offset for offset in range(-20, 5)
            for r in scan_on(today + timedelta(days=offset)).claimed}
    assert sent == {"before-14": -14, "before-2": -2, "due": 0, "overdue-w1": 1, "escalation": 3}


def test_without_offsets_only_the_due_day_and_overdue_reminders_remain(settings, make_report, today):
    settings.CONCERTO_REMINDER_OFFSETS = []
    make_report(due_on=today + timedelta(days=1))
    assert scan_on(today).claimed == []
    assert [r.occurrence for r in scan_on(today + timedelta(days=1)).claimed] == ["due"]


def test_send_due_reminders_rejects_a_malformed_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("send_due_reminders", "--date", "15/03/2027")
