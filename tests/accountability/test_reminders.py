"""Reminders about reports and tranches (accountability.reminders) through the notifications scan, and
their lines in the analysts' weekly digest."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accountability.reminders import report_candidates
from grants.models import ProgramRole, Proposal, User
from notifications import digest, sending
from notifications.models import OutboxMessage, ReminderClaim
from tests import factories
from tests.concurrency import run_together
from tests.notifications.conftest import in_memory_broker  # noqa: F401 - autouse: enqueue to memory
from tests.notifications.scanning import scan_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return date(2027, 3, 15)


@pytest.fixture
def make_report(world):
    """A report of a funded project of the world's organisation, due on the given date."""

    def make(due_on, state="draft", kind="interim", organisation=None):
        proposal = factories.ProposalFactory(call=world.call, organisation=organisation or world.organisation)
        Proposal.objects.filter(pk=proposal.pk).update(state="funded")
        agreement = factories.AgreementFactory(proposal=proposal)
        return factories.ReportFactory(agreement=agreement, due_on=due_on, state=state, kind=kind,
                                       accepted_at=timezone.now() if state == "accepted" else None)

    return make


# --- reports ---


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


def test_a_first_scan_past_the_grace_period_sends_the_escalation_instead_of_that_weeks_overdue(
        world, make_report, today):
    report = make_report(due_on=today - timedelta(days=20))  # 20 days late: week 3, past the 14 days of grace
    first = scan_on(today)
    assert (first.won, first.messages) == (2, 2)  # both reminders claimed, but one message per person
    assert sorted(OutboxMessage.objects.values_list("kind", "to_email")) == [
        ("report_escalation", "analyst@example.org"), ("report_escalation", "applicant@example.org")]
    assert ReminderClaim.objects.filter(object_id=report.pk, kind="report_overdue", occurrence="overdue-w3").exists()
    assert scan_on(today + timedelta(days=1)).won == 0  # the week's overdue reminder counts as given
    assert [(r.kind, r.occurrence, [p.email for p in r.recipients])
            for r in scan_on(today + timedelta(days=2)).claimed] == [
        ("report_overdue", "overdue-w4", ["applicant@example.org"])]


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


def test_report_title_names_the_interim_report_by_its_number(world, make_report, today):
    report = make_report(due_on=today + timedelta(days=7))
    scan_on(today)
    assert OutboxMessage.objects.get().context["report_title"] == f"Rapport d'étape {report.order}"


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
    assert f"serait envoyé : report_reminder before-1 accountability.report#{report.pk} → applicant@example.org" in out
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


# --- tranches ---


def test_a_tranche_held_by_an_unfiled_report_chases_the_organisation_weekly(world, make_report, today):
    report = make_report(due_on=today + timedelta(days=60))
    tranche = factories.PaymentTrancheFactory(agreement=report.agreement, report=report,
                                              due_on=today - timedelta(days=1))
    occurrences = [r.occurrence for day in range(8) for r in scan_on(today + timedelta(days=day)).claimed
                   if r.source == "tranche"]
    assert occurrences == ["held-w1", "held-w2"]
    message = OutboxMessage.objects.filter(kind="tranche_waiting", object_id=tranche.pk).first()
    assert message.to_email == "applicant@example.org"
    assert message.context["amount"] == "25\xa0000,00\xa0$"
    assert message.context["report_title"] == f"Rapport d'étape {report.order}"


def test_a_tranche_held_by_a_filed_report_chases_the_analysts(world, make_report, today):
    report = make_report(due_on=today - timedelta(days=5), state="submitted")
    factories.PaymentTrancheFactory(agreement=report.agreement, report=report, due_on=today)
    [reminder] = scan_on(today).claimed
    assert [person.email for person in reminder.recipients] == ["analyst@example.org"]


def test_paid_or_released_tranches_are_not_chased(world, make_report, today):
    report = make_report(due_on=today - timedelta(days=40), state="accepted")
    factories.PaymentTrancheFactory(agreement=report.agreement, report=report, due_on=today - timedelta(days=3))
    factories.PaymentTrancheFactory(agreement=report.agreement, due_on=today - timedelta(days=3))
    assert [r for r in scan_on(today).claimed if r.source == "tranche"] == []


# --- the analysts' weekly digest: overdue reports, payable tranches ---


def test_weekly_digest_goes_to_the_programs_analysts_once_a_week(world, make_report, today):
    make_report(due_on=today - timedelta(days=10))
    assert digest.send_weekly(today) == 1
    assert digest.send_weekly(today + timedelta(days=1)) == 0  # same ISO week
    message = OutboxMessage.objects.get(kind="analyst_digest")
    assert message.to_email == "analyst@example.org"
    assert len(message.context["overdue_reports"]) == 1
    assert message.program_id == world.program.pk and message.context["program_name"] == world.program.name_fr
    assert digest.send_weekly(today + timedelta(days=7)) == 1


def test_weekly_digest_is_written_in_each_analysts_language(world, make_report, today):
    report = make_report(due_on=date(2027, 3, 5))
    factories.PaymentTrancheFactory(agreement=report.agreement, amount=Decimal("12345.67"), state="payable")
    english = factories.UserFactory(email="analyst-en@example.org", language="en")
    ProgramRole.objects.create(user=english, program=world.program, role="analyst")
    User.objects.filter(pk=world.analyst.pk).update(language="fr")
    assert digest.send_weekly(today) == 2
    french = OutboxMessage.objects.get(kind="analyst_digest", to_email="analyst@example.org")
    english = OutboxMessage.objects.get(kind="analyst_digest", to_email="analyst-en@example.org")
    assert (french.language, english.language) == ("fr", "en")
    title = report.agreement.proposal.title
    assert french.context["overdue_reports"] == [f"{title} — 5 mars 2027"]
    assert english.context["overdue_reports"] == [f"{title} — March 5, 2027"]
    assert french.context["payable_tranches"] == [f"{title} — 12\xa0345,67\xa0$"]
    assert english.context["payable_tranches"] == [f"{title} — $12,345.67"]
    assert sending.deliver(english.pk)
    assert "Payments payable:" in mail.outbox[0].body and "$12,345.67" in mail.outbox[0].body
    assert digest.send_weekly(today) == 0  # still once a week for each of them


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_send_each_reminder_once(require_postgres, world, make_report, today):
    for offset in (-8, -1, 0, 1, 7, 30):
        make_report(due_on=today + timedelta(days=offset))

    def scan():
        return len(scan_on(today).claimed)

    claimed = run_together(scan, scan)
    # Six reports, six reminders (the report 8 days late is not yet past the 14-day grace period).
    assert sum(claimed) == ReminderClaim.objects.count() == 6
    assert OutboxMessage.objects.count() == 6
    assert OutboxMessage.objects.values("dedupe_key").distinct().count() == 6


def test_the_app_registers_its_sources_and_digest_sections():
    from accountability import reminders as accountability_reminders
    from notifications import reminders

    assert {accountability_reminders.report_reminders, accountability_reminders.tranche_reminders} <= \
        set(reminders.registered_sources())
    sections = digest.registered_sections()
    assert sections["overdue_reports"] is accountability_reminders.overdue_reports
    assert sections["payable_tranches"] is accountability_reminders.payable_tranches


def test_report_candidates_read_the_organisation_and_program_copied_on_the_report(today):
    """Issue 17: the scan over a million reports selects its candidates from the report table and the people
    tables alone; joining agreements and proposals for every open report was most of its selection time."""
    for queryset in report_candidates(today, [30, 7, 1], 14):
        sql = str(queryset.order_by().query)  # unordered, as notifications.reminders claims them
        assert "grants_report" in sql
        assert "grants_agreement" not in sql and "grants_proposal" not in sql and "grants_call" not in sql
