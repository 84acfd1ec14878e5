"""What one transition does besides changing state: log, notifications, agreement, races, protection."""

from decimal import Decimal

import pytest
from django.db import connection
from django_fsm import TransitionNotAllowed

from accountability import agreements
from grants.models import Proposal
from grants.states import State
from workflow import guards, services
from workflow.errors import ConcurrentChange, UnknownTransition
from workflow.lifecycle import ProposalLifecycle
from workflow.machine import BY_NAME
from workflow.models import TransitionLog
from workflow.rules import may_act_as

pytestmark = pytest.mark.django_db


def test_transition_writes_one_log_row(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "request_changes", world.analyst, comment="  Joignez la lettre d'appui.  ")
    log = TransitionLog.objects.get(proposal=proposal)
    assert (log.actor, log.transition, log.from_state, log.to_state, log.comment) == (
        world.analyst, "request_changes", State.UNDER_ANALYSIS, State.CHANGES_REQUESTED,
        "Joignez la lettre d'appui.")


def test_notifications_are_queued_inside_the_transaction(world, make_proposal, outbox_calls):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "request_changes", world.analyst, comment="Précisez le budget.")
    [call] = outbox_calls
    assert call["kind"] == "proposal_request_changes" and call["in_transaction"]
    assert call["recipients"] == [world.applicant] and call["obj"].pk == proposal.pk
    assert call["context"]["comment"] == "Précisez le budget." and call["context"]["actor"] == world.analyst


def test_submission_tells_the_program_analysts_not_other_programs(world, make_proposal, complete_forms,
                                                                  outbox_calls):
    services.transition(make_proposal(), "submit", world.applicant)
    [call] = outbox_calls
    assert set(call["recipients"]) == {world.applicant, world.analyst}


def test_approval_creates_the_agreement_in_the_same_transaction(world, make_proposal, monkeypatch):
    created = []
    monkeypatch.setattr(agreements, "create_for_funded",
                        lambda proposal, actor, **decision: created.append((proposal.state, actor, connection.in_atomic_block)))
    services.transition(make_proposal(State.RECOMMENDED), "approve", world.board, amount_granted="1000")
    assert created == [(State.FUNDED, world.board, True)]


def test_a_stale_copy_gets_a_concurrent_change(world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    stale = Proposal.objects.get(pk=proposal.pk)
    services.transition(proposal, "start_analysis", world.analyst)
    with pytest.raises(ConcurrentChange) as caught:
        services.transition(stale, "withdraw", world.applicant, comment="Projet annulé.")
    assert "modifiée par une autre personne" in str(caught.value.message)
    assert TransitionLog.objects.filter(proposal=proposal).count() == 1


def test_expected_state_from_the_page_is_checked(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    with pytest.raises(ConcurrentChange):
        services.transition(proposal, "withdraw", world.applicant, comment="x", expected_state=State.SUBMITTED)


def test_unknown_transition_is_refused(world, make_proposal):
    with pytest.raises(UnknownTransition):
        services.transition(make_proposal(), "publish", world.admin)


def test_state_cannot_be_written_directly(make_proposal):
    proposal = make_proposal()
    with pytest.raises(AttributeError):
        proposal.state = State.FUNDED


def test_calling_a_method_without_the_service_is_refused(make_proposal):
    proposal = ProposalLifecycle.objects.get(pk=make_proposal(State.SUBMITTED).pk)
    with pytest.raises(TransitionNotAllowed):
        proposal.start_analysis()  # no guard would stop it: only the service may run it
    assert proposal.state == State.SUBMITTED


def test_each_guard_runs_once_per_transition(world, make_proposal, monkeypatch):
    calls = []
    original = guards.GUARDS["amount_granted_is_valid"]
    monkeypatch.setitem(guards.GUARDS, "amount_granted_is_valid",
                        lambda proposal, attempt: calls.append(1) or original(proposal, attempt))
    services.transition(make_proposal(State.RECOMMENDED), "approve", world.board, amount_granted="1000")
    assert calls == [1]


def test_superuser_acts_in_any_role_and_is_logged(world, make_proposal):
    proposal = services.transition(make_proposal(State.RECOMMENDED), "approve", world.admin,
                                   amount_granted=Decimal("500"))
    assert proposal.transition_logs.get().actor == world.admin


def test_decorated_methods_carry_the_tables_permission(world, make_proposal):
    proposal = ProposalLifecycle.objects.get(pk=make_proposal(State.RECOMMENDED).pk)
    for transition in proposal.get_all_state_transitions():
        spec = BY_NAME[transition.name]
        assert (transition.source in spec.sources, transition.target) == (True, spec.target)
        for persona in ("applicant", "analyst", "board", "manager", "outside_analyst"):
            user = getattr(world, persona)
            assert transition.has_perm(proposal, user) == may_act_as(spec.role, user, proposal)


def test_real_outbox_gets_one_row_per_recipient(world, make_proposal, monkeypatch):
    from notifications.models import OutboxMessage

    monkeypatch.undo()  # this test uses the real outbox, not the recording one
    proposal = make_proposal(State.RECOMMENDED)
    services.transition(proposal, "approve", world.board, amount_granted="12000", conditions="Rapport à mi-parcours")
    rows = OutboxMessage.objects.filter(kind="proposal_approve", object_id=proposal.pk)
    assert {row.recipient for row in rows} == {world.applicant, world.analyst, world.manager}
    assert all(row.context["conditions"] == "Rapport à mi-parcours" for row in rows)
