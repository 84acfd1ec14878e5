"""The board decides through the API at a meeting, as on the meeting page (workflow.decisions)."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from grants.models import Proposal
from grants.states import State
from scoring.models import Decision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def meeting(world):
    return factories.BoardMeetingFactory(program=world.program, date=date(2026, 3, 12))


def decide(api, proposal, name, **body):
    return api.post(f"/api/v1/proposals/{proposal.pk}/transitions/{name}/", body, format="json")


def test_approve_at_a_meeting_records_the_decision_of_that_meeting(api, world, make_proposal, meeting):
    proposal = make_proposal(State.RECOMMENDED)
    api.force_authenticate(world.board)
    response = decide(api, proposal, "approve", meeting=meeting.pk, amount_granted="15000",
                      resolution_number="CA-2026-041", comment="Adopté à l'unanimité.")
    assert response.status_code == 200 and response.json()["state"] == "funded"
    decision = Decision.objects.get(proposal=proposal)
    assert (decision.meeting, decision.decided_on, decision.amount_granted) == (
        meeting, meeting.date, Decimal("15000.00"))
    assert decision.resolution_number == "CA-2026-041"


def test_decline_at_a_meeting(api, world, make_proposal, meeting):
    proposal = make_proposal(State.NOT_RECOMMENDED)
    api.force_authenticate(world.board)
    response = decide(api, proposal, "decline", meeting=meeting.pk, comment="Hors des priorités.",
                      decided_on=meeting.date.isoformat())
    assert response.status_code == 200
    assert Decision.objects.get(proposal=proposal).meeting == meeting


def test_a_decision_without_a_meeting_still_works(api, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    api.force_authenticate(world.board)
    assert decide(api, proposal, "approve", amount_granted="15000").status_code == 200
    assert Decision.objects.get(proposal=proposal).meeting is None


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"decided_on": "2026-03-13"}, 400, "decided_on_not_meeting_date"),
    ({"meeting": "other-program"}, 400, "other_program"),
    ({"meeting": 999999}, 404, "not_found"),
])
def test_a_meeting_that_does_not_fit_is_refused(api, world, make_proposal, meeting, body, status, code):
    proposal = make_proposal(State.RECOMMENDED)
    if body.get("meeting") == "other-program":
        body = {"meeting": factories.BoardMeetingFactory().pk}
    api.force_authenticate(world.admin)
    response = decide(api, proposal, "approve", amount_granted="15000", **{"meeting": meeting.pk, **body})
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert Proposal.objects.get(pk=proposal.pk).state == State.RECOMMENDED
    assert not Decision.objects.exists()


def test_a_meeting_goes_with_decisions_only(api, world, make_proposal, meeting):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    api.force_authenticate(world.analyst)
    response = decide(api, proposal, "recommend", meeting=meeting.pk)
    assert (response.status_code, response.json()["code"]) == (400, "meeting_not_expected")


def test_the_organisation_does_not_see_the_meeting(api, world, make_proposal, meeting):
    proposal = make_proposal(State.RECOMMENDED)
    api.force_authenticate(world.applicant)
    response = decide(api, proposal, "approve", meeting=meeting.pk, amount_granted="15000")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    # Staff who see the meeting but do not decide get the transition's own refusal.
    api.force_authenticate(world.analyst)
    response = decide(api, proposal, "approve", meeting=meeting.pk, amount_granted="15000")
    assert response.status_code == 403
