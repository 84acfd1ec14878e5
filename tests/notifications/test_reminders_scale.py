"""Issue 17: the reminder scan selects, claims and writes in SQL (SetSource), still exactly once.

The windows computed in SQL are the Python ones (notifications.timing) across a calendar; the real sources
(accountability's reports and tranches) claim the same reminders as a per-row reading would, and the
database writes the very messages the engine builds in Python for a function source; a scan reads no
report into Python, in a number of queries that does not grow with the reports.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils.functional import lazy

from accountability import bench
from accountability.models import PaymentTranche, Report
from accountability.reminders import report_title
from grants.models import Membership, ProgramRole, User
from notifications import reminders, timing
from notifications.models import OutboxMessage, ReminderClaim
from notifications.sources import Reminder, due_values, people_by, rows_with_proposal
from tests import factories
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


PROPOSAL = "agreement__proposal__"


def python_reminders(today, offsets=(30, 7, 1), grace=14):
    """The report reminders as a function source reads them, row by row in Python, with their recipients
    and values: the members of the organisation; for the escalation, the program's analysts too."""
    members = people_by(Membership.objects.all(), "organisation_id")
    analysts = people_by(ProgramRole.objects.filter(role="analyst"), "program_id")
    reports = Report.objects.filter(state__in=["draft", "returned"])
    own = {"id": "id", "due_on": "due_on", "report_kind": "kind", "report_order": "order"}
    for row in rows_with_proposal(reports, PROPOSAL, own):
        found = timing.occurrence(row["due_on"], today, list(offsets))
        if found is None:
            continue
        occurrence, days = found
        late = occurrence.startswith("overdue")
        people = members.get(row["organisation_id"], [])
        values = row | due_values(occurrence, days) | {
            "report_title": lazy(report_title, str)(row["report_kind"], row["report_order"])}
        yield Reminder("report", "accountability.report", row["id"], "report_overdue" if late else "report_reminder",
                       occurrence, row["program_id"], people, values)
        if late and days >= grace:
            yield Reminder("report", "accountability.report", row["id"], "report_escalation", "escalation",
                           row["program_id"], people + analysts.get(row["program_id"], []), values)


def per_row_reminders(today, offsets=(30, 7, 1), grace=14):
    return {(r.object_id, r.kind, r.occurrence) for r in python_reminders(today, offsets, grace) if r.recipients}


def with_messages(keys):
    """The reminders a scan that won `keys` writes messages for: a report's escalation replaces the overdue
    reminder of the same scan (claimed all the same)."""
    escalated = {object_id for object_id, kind, _occurrence in keys if kind == "report_escalation"}
    return {key for key in keys if not (key[1] == "report_overdue" and key[0] in escalated)}


def shown(message):
    return (message.kind, message.recipient_id, message.to_email, message.language, message.context,
            message.object_type, message.object_id, message.occurrence, message.program_id)


def test_the_database_writes_the_messages_the_engine_builds_in_python(today):
    bench.create_reports(300, today, organisations=12)  # one person in five reads English
    User.objects.filter(email__endswith="-3@example.org").update(full_name="")  # named by the address
    ProgramRole.objects.create(user=Membership.objects.first().user, program=ProgramRole.objects.first().program,
                               role="analyst")  # a member who is also an analyst gets one escalation
    scan_on(today)
    written = {message.dedupe_key: shown(message) for message in OutboxMessage.objects.all()}
    found = [r for r in python_reminders(today) if r.recipients]
    kept = with_messages({(r.object_id, r.kind, r.occurrence) for r in found})
    assert len(kept) < len(found)  # some reports are past the grace period on this first scan
    expected = {}
    for message in reminders.message_rows([r for r in found if (r.object_id, r.kind, r.occurrence) in kept]):
        expected[message.dedupe_key] = shown(message)
    assert written == expected and {message[3] for message in written.values()} == {"fr", "en"}
    assert OutboxMessage.objects.filter(notification__isnull=True).count() == 0


def test_the_database_writes_the_tranche_messages_the_engine_builds_in_python(world, today):
    User.objects.filter(pk=world.applicant.pk).update(language="en")
    python = []
    for state, amount in (("draft", Decimal("12345.67")), ("submitted", Decimal("25000"))):
        report = factories.ReportFactory(agreement=factories.AgreementFactory(
            proposal=factories.ProposalFactory(call=world.call, organisation=world.organisation)),
            due_on=today - timedelta(days=3), state=state, kind="interim")
        tranche = factories.PaymentTrancheFactory(agreement=report.agreement, report=report, amount=amount,
                                                  due_on=today - timedelta(days=9))
        people = people_by(Membership.objects.filter(organisation=world.organisation), "organisation_id")[
            world.organisation.pk] if state == "draft" else people_by(ProgramRole.objects.filter(
                role="analyst", program=world.program), "program_id")[world.program.pk]
        [row] = rows_with_proposal(PaymentTranche.objects.filter(pk=tranche.pk), PROPOSAL, {
            "due_on": "due_on", "amount": "amount", "tranche_number": "order"})
        values = row | {"report_title": lazy(report_title, str)(report.kind, report.order)}
        python.append(Reminder("tranche", "accountability.paymenttranche", tranche.pk, "tranche_waiting", "held-w2",
                               world.program.pk, people, values))
    scan_on(today)
    written = {m.dedupe_key: shown(m) for m in OutboxMessage.objects.filter(kind="tranche_waiting")}
    assert written == {m.dedupe_key: shown(m) for m in reminders.message_rows(python)}
    assert {m[4]["amount"] for m in written.values()} == {"$12,345.67", "25\xa0000,00\xa0$"}


def test_reports_claimed_in_sql_are_those_a_per_row_reading_finds(today):
    bench.create_reports(600, today, organisations=20)
    # An organisation without an active member has nobody to tell: its reports are not candidates.
    Membership.objects.filter(organisation__legal_name__endswith=" 3").delete()
    expected = per_row_reminders(today)
    result = scan_on(today)
    claimed = {(r.object_id, r.kind, r.occurrence) for r in result.claimed if r.source == "report"}
    assert claimed == with_messages(expected)
    assert result.candidates == len(expected) and all(r.recipients for r in result.claimed)
    assert ReminderClaim.objects.count() == len(expected)
    # Tomorrow: only the reminders whose window changed are new; the rest were claimed already.
    tomorrow = today + timedelta(days=1)
    again = scan_on(tomorrow)
    assert {(r.object_id, r.kind, r.occurrence) for r in again.claimed} == with_messages(
        per_row_reminders(tomorrow) - expected)
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
    # Written once each; an escalation replaces the overdue reminder of the scan that won both.
    assert not first & second and with_messages(expected) <= first | second <= expected
    assert ReminderClaim.objects.count() == len(expected)
    assert OutboxMessage.objects.values("dedupe_key").distinct().count() == OutboxMessage.objects.count()
