"""Meetings, the board packet and decisions through the API: the program's staff (analysts, board,
managers) as on the meeting pages; the packet shows what the printed packet shows, nothing more."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.models import BoardMeeting
from tests import factories
from tests.scoring.decisions_setup import analysed_proposal
from workflow.models import TransitionLog

MEETINGS, DECISIONS = "/api/v1/meetings/", "/api/v1/decisions/"


@pytest.fixture
def meeting(world):
    return factories.BoardMeetingFactory(program=world.program, date=date(2030, 6, 12), title="Séance de juin")


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_staff_create_a_meeting(client, world):
    client.force_login(world.board)
    response = post(client, MEETINGS, {"program": world.program.pk, "date": "2030-06-12", "title": "Séance de juin",
                                       "place": "Sept-Îles"})
    assert response.status_code == 201, response.content
    meeting = BoardMeeting.objects.get(pk=response.json()["id"])
    assert (meeting.title, meeting.place, meeting.created_by) == ("Séance de juin", "Sept-Îles", world.board)
    assert response.json()["proposals"] == []
    invalid = post(client, MEETINGS, {"program": world.program.pk, "title": "Sans date"})
    assert invalid.status_code == 400 and "date" in invalid.json()["details"]


@pytest.mark.parametrize("persona", ["reviewer", "applicant", "outside_analyst", "nobody"])
def test_nobody_else_creates_or_reads_meetings(client, world, meeting, persona):
    client.force_login(getattr(world, persona))
    response = post(client, MEETINGS, {"program": world.program.pk, "date": "2030-06-12", "title": "Non"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(MEETINGS).json()["results"] == []
    for url in (f"{MEETINGS}{meeting.pk}/", f"{MEETINGS}{meeting.pk}/packet/"):
        assert client.get(url).status_code == 404


def test_a_meeting_lists_what_awaits_a_decision_and_what_it_decided(client, world, meeting):
    waiting = analysed_proposal(world, 80, "30000", state="recommended", title="En attente")
    decided = factories.DecisionFactory(meeting=meeting, recorded_by=world.board,
                                        proposal=analysed_proposal(world, 90, "20000", state="funded",
                                                                   title="Accordée"),
                                        amount_granted=Decimal("20000"), resolution_number="CA-2030-12")
    analysed_proposal(world, 70, "10000", state="under_analysis", title="Encore en analyse")
    client.force_login(world.analyst)
    body = client.get(f"{MEETINGS}{meeting.pk}/").json()
    rows = {row["title"]: row for row in body["proposals"]}
    assert set(rows) == {"En attente", "Accordée"}
    assert rows["En attente"]["decision"] is None and rows["En attente"]["id"] == waiting.pk
    assert rows["Accordée"]["decision"]["resolution_number"] == "CA-2030-12"
    assert rows["Accordée"]["decision"]["id"] == decided.pk


def test_the_packet_shows_the_packets_content_without_reviewers_names(client, world, meeting):
    proposal = analysed_proposal(world, 80, "30000", state="recommended", title="Cuisine collective", reviews=2)
    TransitionLog.objects.create(proposal=proposal, actor=world.analyst, transition="recommend",
                                 from_state="under_analysis", to_state="recommended", comment="Retenue.")
    client.force_login(world.board)
    response = client.get(f"{MEETINGS}{meeting.pk}/packet/")
    assert response.status_code == 200
    body = response.json()
    assert body["requested_total"] == "30000.00" and body["envelope_left"] == "2600000.00"
    [item] = body["items"]
    assert item["proposal"]["title"] == "Cuisine collective" and item["recommended"] is True
    assert item["score"] == 80.0 and item["review_count"] == 2
    assert item["team"]["comment"] == "Retenue." and item["team"]["transition"] == "recommend"
    assert item["reviews"] == [{"recommendation": "", "suggested_amount": None,
                                "overall_comment": "Projet solide et bien ancré."}] * 2
    reviewer_names = {review.reviewer.get_full_name() for review in proposal.reviews.all()}
    assert not any(name in response.content.decode() for name in reviewer_names)


def test_decisions_are_the_program_staffs(client, world, meeting):
    decision = factories.DecisionFactory(meeting=meeting, recorded_by=world.board,
                                         proposal=analysed_proposal(world, 90, "20000", state="funded"))
    elsewhere = factories.DecisionFactory()
    for persona in ("analyst", "board", "manager"):
        client.force_login(getattr(world, persona))
        assert [row["id"] for row in client.get(DECISIONS).json()["results"]] == [decision.pk], persona
        assert client.get(f"{DECISIONS}{elsewhere.pk}/").status_code == 404
    body = client.get(f"{DECISIONS}{decision.pk}/").json()
    assert body["outcome"] == "approved" and body["meeting"] == meeting.pk and body["program"] == world.program.pk
    for persona in ("applicant", "reviewer"):
        client.force_login(getattr(world, persona))
        assert client.get(DECISIONS).json()["results"] == []
        assert client.get(f"{DECISIONS}{decision.pk}/").status_code == 404
    client.force_login(world.admin)
    assert len(client.get(DECISIONS).json()["results"]) == 2
    assert [row["id"] for row in client.get(f"{DECISIONS}?program={world.program.pk}").json()["results"]] == [
        decision.pk]
    assert client.get(f"{DECISIONS}?outcome=declined").json()["results"] == []
    assert client.get(f"{DECISIONS}?meeting={meeting.pk}&decided_after=2000-01-01").status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_cost_the_same_whatever_their_size(client, world, meeting):
    client.force_login(world.board)
    factories.DecisionFactory(meeting=meeting, recorded_by=world.board,
                              proposal=analysed_proposal(world, 90, "20000", state="funded"))
    urls = (MEETINGS, DECISIONS, f"{MEETINGS}{meeting.pk}/", f"{MEETINGS}{meeting.pk}/packet/")
    few = [_queries(client, url) for url in urls]
    for _ in range(4):
        other = factories.BoardMeetingFactory(program=world.program)
        factories.DecisionFactory(meeting=other, recorded_by=world.board,
                                  proposal=analysed_proposal(world, 70, "10000", state="declined"),
                                  outcome="declined", amount_granted=None)
        factories.DecisionFactory(meeting=meeting, recorded_by=world.board,
                                  proposal=analysed_proposal(world, 90, "20000", state="funded"))
    assert [_queries(client, url) for url in urls] == few
    assert len(client.get(MEETINGS).json()["results"]) == 5
