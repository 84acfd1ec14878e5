"""Every state × transition × persona through workflow.services.transition."""

import pytest

from tests.workflow.matrix import CASES, PERSONAS, expected_refusal, valid_data
from workflow import services
from workflow.errors import TransitionRefused
from workflow.machine import BY_NAME
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("state", "name"), CASES)
def test_transition_matrix_through_the_service(world, make_proposal, complete_forms, outbox_calls, state, name):
    spec = BY_NAME[name]
    mismatches = []
    for persona in PERSONAS:
        proposal = make_proposal(state)
        expected = expected_refusal(state, spec, persona)
        try:
            result = services.transition(proposal, name, getattr(world, persona), **valid_data(spec))
        except TransitionRefused as refusal:
            outcome = type(refusal)
            proposal.refresh_from_db()
            if proposal.state != state or TransitionLog.objects.filter(proposal=proposal).exists():
                mismatches.append((persona, "refusal changed something"))
        else:
            outcome = None
            log = TransitionLog.objects.get(proposal=proposal)
            if (result.state, log.from_state, log.to_state, log.actor) != (
                    spec.target, state, spec.target, getattr(world, persona)):
                mismatches.append((persona, "wrong state or log"))
        if outcome is not expected:
            mismatches.append((persona, outcome, expected))
    assert mismatches == []


def test_matrix_covers_every_persona_of_the_world(world):
    assert set(PERSONAS) <= set(vars(world))
