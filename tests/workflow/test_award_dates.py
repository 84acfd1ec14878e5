"""Each proposal's award date (Proposal.awarded_on, workflow.award_dates) follows the rows it comes from: the
decision's date, else its meeting's, else the day it was recorded; the agreement's day without a decision."""

from datetime import date

import pytest
from django.utils import timezone

from grants.models import Proposal
from grants.states import State
from scoring.models import Decision
from tests import factories
from workflow import award_dates

pytestmark = pytest.mark.django_db


def awarded(proposal):
    return Proposal.objects.values_list("awarded_on", flat=True).get(pk=proposal.pk)


def test_the_approve_transition_keeps_the_decision_s_date(client, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    client.force_login(world.board)
    response = client.post(f"/analyse/demandes/{proposal.pk}/actions/approve/", {
        "amount_granted": "15 000,00", "resolution_number": "CA-2025-090", "decided_on": "2025-06-12",
        "expected_state": State.RECOMMENDED})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == State.FUNDED
    assert awarded(proposal) == date(2025, 6, 12)


def test_the_meeting_s_date_when_the_decision_has_none_and_its_change():
    decision = factories.DecisionFactory(decided_on=None, meeting__date=date(2024, 11, 5))
    assert awarded(decision.proposal) == date(2024, 11, 5)
    decision.meeting.date = date(2025, 1, 14)
    decision.meeting.save()
    assert awarded(decision.proposal) == date(2025, 1, 14)
    decision.decided_on = date(2025, 1, 20)
    decision.save()
    assert awarded(decision.proposal) == date(2025, 1, 20)


def test_the_day_it_was_recorded_without_a_meeting_or_a_date():
    decision = factories.DecisionFactory(decided_on=None, meeting=None,
                                         proposal=factories.ProposalFactory(state=State.FUNDED))
    assert awarded(decision.proposal) == timezone.localdate(decision.recorded_at)


def test_the_agreement_s_day_without_a_decision_and_after_one_is_deleted():
    agreement = factories.AgreementFactory(proposal=factories.ProposalFactory(state=State.FUNDED))
    made = timezone.localdate(agreement.created_at)
    assert awarded(agreement.proposal) == made
    decision = factories.DecisionFactory(proposal=agreement.proposal, meeting__program=agreement.proposal.program,
                                         decided_on=date(2023, 3, 3))
    assert awarded(agreement.proposal) == date(2023, 3, 3)
    Decision.objects.filter(pk=decision.pk).get().delete()
    assert awarded(agreement.proposal) == made
    agreement.delete()
    assert awarded(agreement.proposal) is None


def test_a_later_save_of_the_proposal_keeps_the_date():
    decision = factories.DecisionFactory(decided_on=date(2025, 2, 2))
    stale = Proposal.objects.get(pk=decision.proposal_id)
    Decision.objects.filter(pk=decision.pk).update(decided_on=date(2025, 4, 4))
    award_dates.follow([stale.pk])
    stale.title = "Titre revu"
    stale.save()  # read before the change: must not write its old date back
    assert awarded(stale) == date(2025, 4, 4)


def test_rebuild_repairs_what_bulk_writes_left():
    decision = factories.DecisionFactory(decided_on=date(2025, 5, 5))
    bare = factories.ProposalFactory(state=State.SUBMITTED)
    Proposal.objects.filter(pk=decision.proposal_id).update(awarded_on=None)
    Proposal.objects.filter(pk=bare.pk).update(awarded_on=date(2020, 1, 1))
    award_dates.rebuild()
    assert awarded(decision.proposal) == date(2025, 5, 5)
    assert awarded(bare) is None


def test_a_declined_file_has_no_award_date():
    decision = factories.DecisionFactory(outcome=Decision.Outcome.DECLINED, amount_granted=None,
                                         decided_on=date(2025, 3, 3))
    assert awarded(decision.proposal) is None
