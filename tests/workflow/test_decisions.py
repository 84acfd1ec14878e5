"""A board decision is recorded by the approve/decline transition itself, whatever the entry point:
the staff page and the API (no meeting) write the same Decision row as a meeting does."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from grants.models import Proposal
from grants.states import State
from scoring.models import Decision

pytestmark = pytest.mark.django_db


def perform(pk, name):
    return f"/analyse/demandes/{pk}/actions/{name}/"


def test_approving_from_the_staff_page_records_the_decision_without_a_meeting(client, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    client.force_login(world.board)
    response = client.post(perform(proposal.pk, "approve"), {
        "amount_granted": "15 000,00", "resolution_number": "CA-2025-090", "decided_on": "2025-06-12",
        "conditions": "Rapport d'étape à six mois.", "comment": "Projet structurant.",
        "expected_state": State.RECOMMENDED})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == State.FUNDED
    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == Decision.Outcome.APPROVED and decision.meeting is None
    assert decision.amount_granted == Decimal("15000.00")
    assert decision.resolution_number == "CA-2025-090" and decision.decided_on == date(2025, 6, 12)
    assert decision.conditions == "Rapport d'étape à six mois." and decision.comment == "Projet structurant."
    assert decision.recorded_by == world.board


def test_a_refused_approval_from_the_staff_page_records_nothing(client, world, make_proposal):
    world.program.envelope = Decimal("10000")
    world.program.save()
    proposal = make_proposal(State.RECOMMENDED)
    client.force_login(world.board)
    client.post(perform(proposal.pk, "approve"), {"amount_granted": "15000"})
    assert Proposal.objects.get(pk=proposal.pk).state == State.RECOMMENDED
    assert not Decision.objects.exists()


def test_declining_through_the_api_records_the_decision_without_a_meeting(world, make_proposal):
    proposal = make_proposal(State.NOT_RECOMMENDED)
    api = APIClient()
    api.force_authenticate(world.board)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/decline/",
                        {"comment": "Hors des priorités du plan."}, format="json")
    assert response.status_code == 200, response.content
    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == Decision.Outcome.DECLINED and decision.amount_granted is None
    assert decision.meeting is None and decision.comment == "Hors des priorités du plan."
