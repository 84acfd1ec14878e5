"""Tranches held by a report, reviews not submitted, the analysts' weekly digest, concurrent scans."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from grants.models import ProgramRole, Proposal, User
from notifications import digest, sending
from notifications.models import OutboxMessage, ReminderClaim
from tests import factories
from tests.concurrency import run_together
from tests.notifications.test_reminders import scan_on

pytestmark = pytest.mark.django_db


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


def _assignment(world, due_on, proposal_state="under_analysis"):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    Proposal.objects.filter(pk=proposal.pk).update(state=proposal_state)
    return factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=world.reviewer, due_on=due_on,
                                               state="active")


def test_reviews_not_submitted_are_chased_before_and_after_their_due_date(world, today):
    assignment = _assignment(world, due_on=today)
    assert [r.occurrence for r in scan_on(today - timedelta(days=7)).claimed] == ["before-7"]
    assert [r.occurrence for r in scan_on(today + timedelta(days=2)).claimed] == ["overdue-w1"]
    message = OutboxMessage.objects.get(kind="review_reminder", object_id=assignment.pk, occurrence="overdue-w1")
    assert message.to_email == "reviewer@example.org" and message.context["days_late"] == "2"


def test_submitted_reviews_and_finished_analyses_are_not_chased(world, today):
    done = _assignment(world, due_on=today)
    factories.ReviewFactory(assignment=done, state="submitted")
    _assignment(world, due_on=today, proposal_state="recommended")
    assert scan_on(today).claimed == []


def test_weekly_digest_goes_to_the_programs_analysts_once_a_week(world, make_report, today):
    make_report(due_on=today - timedelta(days=10))
    assert digest.send_weekly(today) == 1
    assert digest.send_weekly(today + timedelta(days=1)) == 0  # same ISO week
    message = OutboxMessage.objects.get(kind="analyst_digest")
    assert message.to_email == "analyst@example.org"
    assert len(message.context["overdue_reports"]) == 1
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
