"""Each person's open assignments per program (scoring.loads): kept by every change of an assignment, read
by the balanced suggestion, rebuilt from the assignments after bulk writes."""

import io

import pytest
from django.core.management import call_command

from scoring import loads
from scoring.models import ReviewerLoad
from scoring.services import assignments as services
from tests import factories
from tests.concurrency import run_together
from tests.scoring.reviewing import reviewer_in, submitted_proposal


def _load(world, person):
    return loads.of(world.program.pk, [person.pk]).get(person.pk, 0)


def test_the_load_follows_each_assignment_made_declared_recused_cancelled_and_renewed(world):
    first, second = submitted_proposal(world), submitted_proposal(world)
    kept = services.assign(first, world.reviewer, world.analyst)
    recused = services.assign(second, world.reviewer, world.analyst)
    assert _load(world, world.reviewer) == 2
    services.declare(kept, world.reviewer, has_conflict=False)
    assert _load(world, world.reviewer) == 2
    services.declare(recused, world.reviewer, has_conflict=True, reason="Ma sœur y travaille.")
    assert _load(world, world.reviewer) == 1
    services.cancel(kept, world.analyst)
    assert _load(world, world.reviewer) == 0
    services.assign(first, world.reviewer, world.analyst)  # renewed after the cancellation
    assert _load(world, world.reviewer) == 1


def test_the_load_counts_only_the_programs_own_assignments(world):
    other_call = factories.CallFactory()
    factories.ProgramRoleFactory(user=world.reviewer, program=other_call.program, role="reviewer")
    other = submitted_proposal(world, call=other_call)
    services.assign(other, world.reviewer, world.admin)
    services.assign(submitted_proposal(world), world.reviewer, world.analyst)
    assert _load(world, world.reviewer) == 1
    assert loads.of(other.program_id, [world.reviewer.pk]) == {world.reviewer.pk: 1}


def test_the_suggestion_reads_the_kept_loads(world):
    idle = reviewer_in(world.program)
    proposal = submitted_proposal(world)
    # A drift (rows written around the services) is what the candidates show, until a rebuild repairs it.
    ReviewerLoad.objects.create(program=world.program, reviewer=idle, open_assignments=7)
    assert {c.user: c.load for c in services.candidates(proposal)}[idle] == 7
    assert loads.rebuild([world.program.pk]) == 0
    assert {c.user: c.load for c in services.candidates(proposal)}[idle] == 0


def test_the_command_rebuilds_every_load_from_the_assignments(world):
    services.assign(submitted_proposal(world), world.reviewer, world.analyst)
    ReviewerLoad.objects.update(open_assignments=40)
    out = io.StringIO()
    call_command("rebuild_reviewer_loads", stdout=out)
    assert _load(world, world.reviewer) == 1
    assert out.getvalue().startswith("1 ")


@pytest.mark.django_db(transaction=True)
def test_two_assignments_of_one_person_at_once_both_count(world, require_postgres):
    services.assign(submitted_proposal(world), world.reviewer, world.analyst)  # the person's load row exists
    proposals = [submitted_proposal(world) for _ in range(2)]
    outcomes = run_together(*(lambda proposal=proposal: services.assign(proposal, world.reviewer, world.analyst)
                              for proposal in proposals))
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert _load(world, world.reviewer) == 3
