"""Reviews not submitted (scoring.reminders) through the notifications scan and the weekly digest."""

from datetime import date, timedelta

import pytest

from grants.models import Proposal
from notifications import digest
from notifications.models import OutboxMessage
from tests import factories
from tests.notifications.conftest import in_memory_broker  # noqa: F401 - autouse: enqueue to memory
from tests.notifications.scanning import scan_on

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 15)


def _assignment(world, due_on, proposal_state="under_analysis", reviewer=None):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    Proposal.objects.filter(pk=proposal.pk).update(state=proposal_state)
    return factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=reviewer or world.reviewer,
                                               due_on=due_on, state="active")


def test_reviews_not_submitted_are_chased_before_and_after_their_due_date(world):
    assignment = _assignment(world, due_on=TODAY)
    assert [r.occurrence for r in scan_on(TODAY - timedelta(days=7)).claimed] == ["before-7"]
    assert [r.occurrence for r in scan_on(TODAY + timedelta(days=2)).claimed] == ["overdue-w1"]
    message = OutboxMessage.objects.get(kind="review_reminder", object_id=assignment.pk, occurrence="overdue-w1")
    assert message.to_email == "reviewer@example.org" and message.context["days_late"] == "2"


def test_submitted_reviews_and_finished_analyses_are_not_chased(world):
    done = _assignment(world, due_on=TODAY)
    factories.ReviewFactory(assignment=done, state="submitted")
    _assignment(world, due_on=TODAY, proposal_state="recommended")
    assert scan_on(TODAY).claimed == []


def test_weekly_digest_lists_the_reviews_still_pending(world):
    pending = _assignment(world, due_on=None)
    done = _assignment(world, due_on=TODAY)
    factories.ReviewFactory(assignment=done, state="submitted")
    _assignment(world, due_on=TODAY, proposal_state="recommended")
    assert digest.send_weekly(TODAY) == 1
    message = OutboxMessage.objects.get(kind="analyst_digest")
    assert message.to_email == "analyst@example.org"
    reviewer = world.reviewer.full_name or world.reviewer.email
    assert message.context["pending_reviews"] == [f"{pending.proposal.title} — {reviewer}"]


def test_the_app_registers_its_source_and_digest_section():
    from notifications import reminders
    from scoring import reminders as scoring_reminders

    assert scoring_reminders.review_reminders in reminders.registered_sources()
    assert digest.registered_sections()["pending_reviews"] is scoring_reminders.pending_reviews
