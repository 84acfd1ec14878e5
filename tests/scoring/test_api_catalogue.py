"""Programs, calls and their rubric, and the call's ranking through the API: who sees what, the filters,
and lists whose query count does not grow with their rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.scoring.decisions_setup import analysed_proposal
from tests.scoring.reviewing import active_review, rubric_for, submitted_proposal

PROGRAMS, CALLS = "/api/v1/programs/", "/api/v1/calls/"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_program_shows_its_axes_and_its_local_plans_priorities(client, world):
    axis = factories.AxisFactory(program=world.program, code="AXE-1", name_fr="Logement")
    plan = factories.LocalPlanFactory(name="Plan de la Minganie")
    priority = factories.PriorityFactory(local_plan=plan, text="Briser l'isolement des aînés")
    world.program.local_plans.add(plan)
    client.force_login(world.analyst)
    body = client.get(f"{PROGRAMS}{world.program.pk}/").json()
    assert body["code"] == world.program.code and body["envelope"] == "2600000.00"
    assert body["axes"] == [{"id": axis.pk, "code": "AXE-1", "name_fr": "Logement", "name_en": "",
                             "order": axis.order}]
    assert body["local_plans"][0]["priorities"] == [{"id": priority.pk, "order": priority.order,
                                                     "text": "Briser l'isolement des aînés"}]


def test_members_see_open_calls_and_their_proposals_calls_only(client, world):
    closed = factories.CallFactory(program=factories.ProgramFactory(), opens_at=timezone.now() - timedelta(days=60),
                                   closes_at=timezone.now() - timedelta(days=30))
    client.force_login(world.applicant)
    assert [call["id"] for call in results(client.get(CALLS))] == [world.call.pk]
    assert client.get(f"{CALLS}{closed.pk}/").status_code == 404
    assert client.get(f"{PROGRAMS}{closed.program_id}/").status_code == 404
    # Once the organisation applied to it, the closed call and its program are the applicant's to read.
    factories.ProposalFactory(call=closed, organisation=world.organisation)
    assert client.get(f"{CALLS}{closed.pk}/").status_code == 200
    assert client.get(f"{PROGRAMS}{closed.program_id}/").status_code == 200
    assert [call["id"] for call in results(client.get(f"{CALLS}?open=true"))] == [world.call.pk]
    assert [call["id"] for call in results(client.get(f"{CALLS}?open=false"))] == [closed.pk]


def test_somebody_without_organisation_nor_role_sees_no_call(client, world):
    client.force_login(world.nobody)
    assert results(client.get(CALLS)) == []
    assert results(client.get(PROGRAMS)) == []
    assert client.get(f"{CALLS}{world.call.pk}/").status_code == 404


def test_the_rubric_is_for_the_programs_staff_and_the_calls_reviewers(client, world):
    rubric_for(world.call)
    proposal = submitted_proposal(world)
    active_review(proposal, world.reviewer, world.analyst)
    for persona in ("analyst", "board", "manager", "admin", "reviewer"):
        client.force_login(getattr(world, persona))
        rubric = client.get(f"{CALLS}{world.call.pk}/").json()["rubric"]
        assert [criterion["scale_max"] for criterion in rubric["criteria"]] == [5, 5, 10, 1], persona
        assert [criterion["eliminatory"] for criterion in rubric["criteria"]] == [False, False, False, True]
        assert rubric["criteria"][0]["weight"] == "2.00" and rubric["criteria"][0]["axis"] is not None
    client.force_login(world.applicant)
    body = client.get(f"{CALLS}{world.call.pk}/").json()
    assert body["rubric"] is None and body["is_open"] is True and body["max_amount"] == "100000.00"


def test_a_reviewer_without_assignment_in_the_call_gets_no_rubric(client, world):
    rubric_for(world.call)
    client.force_login(world.reviewer)
    assert client.get(f"{CALLS}{world.call.pk}/").json()["rubric"] is None


def test_calls_filter_by_program(client, world):
    other = factories.CallFactory(program=world.program)
    factories.CallFactory()
    client.force_login(world.admin)
    listed = {call["id"] for call in results(client.get(f"{CALLS}?program={world.program.pk}"))}
    assert listed == {world.call.pk, other.pk}


def test_malformed_ids_are_404(client, world):
    client.force_login(world.admin)
    for url in (f"{CALLS}abc/", f"{PROGRAMS}1.5/", f"{CALLS}{world.call.pk}x/ranking/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url


def _add_programs(count):
    for _ in range(count):
        program = factories.ProgramFactory()
        factories.AxisFactory(program=program)
        program.local_plans.add(factories.PriorityFactory().local_plan)
        call = factories.CallFactory(program=program)
        call.required_attachment_types.add(factories.AttachmentTypeFactory())
        call.eligible_territories.add(factories.MrcFactory())


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        results(client.get(url))
    return len(queries)


def test_program_and_call_lists_cost_the_same_whatever_their_size(client, world):
    client.force_login(world.admin)
    _add_programs(1)
    few = _queries(client, PROGRAMS), _queries(client, CALLS)
    _add_programs(5)
    assert (_queries(client, PROGRAMS), _queries(client, CALLS)) == few
    assert len(results(client.get(PROGRAMS))) == 8 and len(results(client.get(CALLS))) == 7


def test_the_ranking_is_the_ranking_pages_table(client, world):
    mrc = factories.MrcFactory(parent=world.program.region)
    strong = analysed_proposal(world, 90, "40000", mrcs=[mrc], title="Cuisine collective", reviews=2)
    weak = analysed_proposal(world, 60, "30000", title="Transport adapté")
    client.force_login(world.analyst)
    body = client.get(f"{CALLS}{world.call.pk}/ranking/").json()
    assert [(row["proposal"], row["rank"], row["score"], row["review_count"]) for row in body["rows"]] == [
        (strong.pk, 1, 90.0, 2), (weak.pk, 2, 60.0, 1)]
    assert body["rows"][0]["mrcs"] == [mrc.pk] and body["rows"][1]["running_total"] == "70000.00"
    assert body["envelope_left"] == "2600000.00" and body["count_all"] == 2
    filtered = client.get(f"{CALLS}{world.call.pk}/ranking/?mrc={mrc.pk}&sort=amount").json()
    assert [row["proposal"] for row in filtered["rows"]] == [strong.pk]
    assert filtered["sort"] == "amount" and filtered["total_requested"] == "40000.00"


@pytest.mark.parametrize("persona, status", [("board", 403), ("reviewer", 404), ("applicant", 404),
                                             ("outside_analyst", 404), ("manager", 200)])
def test_the_ranking_has_the_ranking_pages_audience(client, world, persona, status):
    analysed_proposal(world, 70, "10000")
    client.force_login(getattr(world, persona))
    response = client.get(f"{CALLS}{world.call.pk}/ranking/")
    assert response.status_code == status
    if status != 200:
        assert response.json()["code"] in ("forbidden", "not_found")


def test_a_funded_proposal_lowers_the_envelope_left_of_the_ranking(client, world):
    factories.ProposalFactory(call=world.call, state="funded", amount_granted=Decimal("600000"))
    client.force_login(world.analyst)
    assert client.get(f"{CALLS}{world.call.pk}/ranking/").json()["envelope_left"] == "2000000.00"


@pytest.mark.parametrize("query", ["open=", "open=maybe", "program=-3", "program=abc", f"program={2**64}",
                                   "program="])
def test_unreadable_filters_are_400_not_ignored(client, world, query):
    client.force_login(world.admin)
    response = client.get(f"{CALLS}?{query}")
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("query", ["method=best", "mrc=abc", "sort=random", "kind=company", "axis=-1"])
def test_unreadable_ranking_parameters_are_400(client, world, query):
    client.force_login(world.analyst)
    assert client.get(f"{CALLS}{world.call.pk}/ranking/?{query}").status_code == 400
