"""Issue 17: the reminder scan selects and claims in SQL (SetSource), still exactly once.

The windows computed in SQL are the Python ones (notifications.timing) across a calendar; the real sources
(accountability's reports) claim the same reminders as a per-row reading would; a scan reads into Python
only the reminders it won, in a number of queries that does not grow with the reports.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accountability import bench
from accountability import reminders as accountability_reminders
from accountability.models import Report
from grants.models import Membership
from notifications import timing
from notifications.models import OutboxMessage, ReminderClaim
from tests.concurrency import run_together
from tests.notifications.scanning import scan_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("offsets", [[30, 7, 1], [14, 2], []])
def test_the_sql_windows_are_the_python_ones_across_a_calendar(today, offsets):
    # Any date column will do: the claims' scan dates stand for due dates from 60 days late to 40 days ahead.
    ReminderClaim.objects.bulk_create([
        ReminderClaim(source="calendar", object_id=day, kind="k", occurrence="o", token="t",
                      scan_date=today + timedelta(days=day)) for day in range(-60, 41)])
    found = dict(ReminderClaim.objects.annotate(days=timing.DaysUntil("scan_date", today))
                 .annotate(window=timing.occurrence_sql("days", offsets))
                 .values_list("scan_date", "window"))
    for due_on, window in found.items():
        expected = timing.occurrence(due_on, today, offsets)
        assert window == (expected[0] if expected else None), due_on
    weeks = dict(ReminderClaim.objects.filter(scan_date__lte=today)
                 .annotate(days=timing.DaysUntil("scan_date", today), week=timing.week_sql(-F("days")))
                 .values_list("scan_date", "week"))
    assert all(week == str(timing.weeks_since(due_on, today)) for due_on, week in weeks.items())


def per_row_reminders(today, offsets=(30, 7, 1), grace=14):
    """What the report source yields when it reads every open report into Python (the former scan)."""
    everything = Report.objects.values("pk")
    return {(r.object_id, r.kind, r.occurrence) for r in accountability_reminders.report_details(
        today, list(offsets), grace, everything) if r.recipients}


def test_reports_claimed_in_sql_are_those_a_per_row_reading_finds(today):
    bench.create_reports(600, today, organisations=20)
    # An organisation without an active member has nobody to tell: its reports are not candidates.
    Membership.objects.filter(organisation__legal_name__endswith=" 3").delete()
    expected = per_row_reminders(today)
    result = scan_on(today)
    assert {(r.object_id, r.kind, r.occurrence) for r in result.claimed if r.source == "report"} == expected
    assert result.candidates == len(expected) and all(r.recipients for r in result.claimed)
    assert ReminderClaim.objects.count() == len(expected)
    # Tomorrow: only the reminders whose window changed are new; the rest were claimed already.
    tomorrow = today + timedelta(days=1)
    again = scan_on(tomorrow)
    assert {(r.object_id, r.kind, r.occurrence) for r in again.claimed} == per_row_reminders(tomorrow) - expected
    assert again.candidates == len(per_row_reminders(tomorrow))


def test_a_scan_reads_only_what_it_won_in_queries_that_do_not_grow(today):
    bench.create_reports(60, today, organisations=5)
    scan_on(today)
    with CaptureQueriesContext(connection) as few:
        nothing = scan_on(today)
    bench.create_reports(900, today, organisations=5)
    scan_on(today)
    with CaptureQueriesContext(connection) as many:
        nothing_either = scan_on(today)
    assert nothing.claimed == nothing_either.claimed == [] and nothing_either.candidates > nothing.candidates
    assert len(few) == len(many)
    # Nothing won: no report is read outside the claiming statements, and no message is written.
    reads = [q["sql"] for q in many.captured_queries if "grants_report" in q["sql"]]
    assert reads and all(sql.startswith("WITH candidate") for sql in reads)


def test_a_dry_run_claims_nothing(today):
    bench.create_reports(60, today, organisations=5)
    result = scan_on(today, dry_run=True)
    assert result.claimed and not ReminderClaim.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_over_many_reports_claim_each_reminder_once(require_postgres, today):
    bench.create_reports(900, today, organisations=30)
    expected = per_row_reminders(today)

    def scan():
        return {(r.object_id, r.kind, r.occurrence) for r in scan_on(today).claimed}

    first, second = run_together(scan, scan)
    assert not first & second and first | second == expected
    assert ReminderClaim.objects.count() == len(expected)
    assert OutboxMessage.objects.values("dedupe_key").distinct().count() == OutboxMessage.objects.count()
