"""Real concurrent connections on PostgreSQL: one winner, one clear refusal, no lost update."""

import time
from decimal import Decimal

import pytest

from accountability import agreements
from grants.models import Proposal
from grants.states import State
from notifications import outbox
from tests.concurrency import run_together
from workflow import services
from workflow.errors import ConcurrentChange, GuardFailed
from workflow.models import TransitionLog

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def slow_inside_the_transaction(monkeypatch, module, name):
    """Hold the winner's transaction open a little so the other connection waits on its lock."""
    original = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def test_two_people_start_the_same_analysis(require_postgres, world, make_proposal, monkeypatch):
    proposal = make_proposal(State.SUBMITTED)
    second_analyst = world.analyst.__class__.objects.create_user("analyst2@example.org", "secret-pass-123")
    second_analyst.program_roles.create(program=world.program, role="analyst")
    slow_inside_the_transaction(monkeypatch, outbox, "queue")
    copies = [Proposal.objects.get(pk=proposal.pk) for _ in range(2)]
    outcomes = run_together(
        lambda: services.transition(copies[0], "start_analysis", world.analyst),
        lambda: services.transition(copies[1], "start_analysis", second_analyst),
    )
    winners = [o for o in outcomes if isinstance(o, Proposal)]
    losers = [o for o in outcomes if isinstance(o, ConcurrentChange)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert TransitionLog.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).state == State.UNDER_ANALYSIS


def test_withdraw_and_request_changes_race_without_lost_update(require_postgres, world, make_proposal,
                                                              monkeypatch):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    slow_inside_the_transaction(monkeypatch, outbox, "queue")
    copies = [Proposal.objects.get(pk=proposal.pk) for _ in range(2)]
    outcomes = run_together(
        lambda: services.transition(copies[0], "withdraw", world.applicant, comment="Projet abandonné."),
        lambda: services.transition(copies[1], "request_changes", world.analyst, comment="Précisez."),
    )
    assert sum(isinstance(o, Proposal) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ConcurrentChange) for o in outcomes) == 1, outcomes
    [log] = TransitionLog.objects.filter(proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).state == log.to_state


def test_two_approvals_cannot_overdraw_the_envelope(require_postgres, world, make_proposal, monkeypatch):
    world.program.envelope = Decimal("100000")
    world.program.save()
    first, second = (make_proposal(State.RECOMMENDED, requested_amount=Decimal("60000")) for _ in range(2))
    slow_inside_the_transaction(monkeypatch, agreements, "create_for_funded")
    outcomes = run_together(
        lambda: services.transition(first, "approve", world.board, amount_granted="60000"),
        lambda: services.transition(second, "approve", world.board, amount_granted="60000"),
    )
    assert sum(isinstance(o, Proposal) for o in outcomes) == 1, outcomes
    [refusal] = [o for o in outcomes if isinstance(o, GuardFailed)]
    assert refusal.code == "within_envelope"
    assert Proposal.objects.filter(state=State.FUNDED).count() == 1


def test_api_race_gives_one_200_and_one_409(require_postgres, world, make_proposal, monkeypatch):
    from rest_framework.test import APIClient

    proposal = make_proposal(State.SUBMITTED)
    slow_inside_the_transaction(monkeypatch, outbox, "queue")

    def post():
        client = APIClient()
        client.force_authenticate(world.analyst)
        return client.post(f"/api/v1/proposals/{proposal.pk}/transitions/start_analysis/",
                           {"expected_state": "submitted"}, format="json")

    responses = run_together(post, post)
    assert sorted(r.status_code for r in responses) == [200, 409], responses
    [conflict] = [r for r in responses if r.status_code == 409]
    assert conflict.json()["code"] == "concurrent_change"
    assert TransitionLog.objects.filter(proposal=proposal).count() == 1


def test_two_first_submissions_get_different_numbers(require_postgres, world, make_proposal, complete_forms,
                                                     monkeypatch):
    first, second = make_proposal(), make_proposal()
    slow_inside_the_transaction(monkeypatch, outbox, "queue")
    outcomes = run_together(
        lambda: services.transition(first, "submit", world.applicant),
        lambda: services.transition(second, "submit", world.applicant),
    )
    assert all(isinstance(o, Proposal) for o in outcomes), outcomes
    assert sorted(p.reference[-4:] for p in Proposal.objects.all()) == ["0001", "0002"]
