"""The same matrix through POST /api/v1/proposals/{id}/transitions/{name}/: 200, 403, 404 or 409."""

import pytest
from rest_framework.test import APIClient

from tests.workflow.matrix import CASES, PERSONAS, STATUS, expected_refusal, valid_data
from workflow.machine import BY_NAME

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("state", "name"), CASES)
def test_transition_matrix_through_the_api(world, make_proposal, complete_forms, state, name):
    spec = BY_NAME[name]
    client = APIClient()
    mismatches = []
    for persona in PERSONAS:
        proposal = make_proposal(state)
        client.force_authenticate(getattr(world, persona))
        body = {key: str(value) for key, value in valid_data(spec).items()}
        response = client.post(f"/api/v1/proposals/{proposal.pk}/transitions/{name}/", body, format="json")
        expected = STATUS[expected_refusal(state, spec, persona)]
        if response.status_code != expected:
            mismatches.append((persona, response.status_code, expected))
        elif expected == 200:
            if response.json()["state"] != spec.target:
                mismatches.append((persona, "state", response.json()["state"]))
        elif set(response.json()) != {"code", "message", "details"}:
            mismatches.append((persona, "error body", response.json()))
    assert mismatches == []
