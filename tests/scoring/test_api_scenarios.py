"""Funding scenarios through the API: built, recomputed and chosen by the program's analysts and managers
(scoring.services.scenarios), and recommending from the chosen one through the proposals' life cycle."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Proposal
from scoring.models import Scenario, ScenarioConstraint
from scoring.services import scenarios
from tests import factories
from tests.scoring.decisions_setup import analysed_proposal
from workflow.models import TransitionLog

URL = "/api/v1/scenarios/"


@pytest.fixture
def mrcs(world):
    return [factories.MrcFactory(parent=world.program.region, name=name) for name in ("Manicouagan", "Minganie")]


@pytest.fixture
def candidates(world, mrcs):
    return [
        analysed_proposal(world, 90, "40000", mrcs=[mrcs[0]], title="Cuisine collective"),
        analysed_proposal(world, 80, "30000", mrcs=[mrcs[0]], title="Friperie solidaire"),
        analysed_proposal(world, 60, "20000", mrcs=[mrcs[1]], title="Transport adapté"),
    ]


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_an_analyst_builds_a_scenario_with_a_floor(client, world, candidates, mrcs):
    client.force_login(world.analyst)
    response = post(client, URL, {"call": world.call.pk, "name": "Plancher Minganie", "envelope": "70000",
                                  "limits": [{"dimension": "mrc", "target": mrcs[1].pk, "floor": "20000"}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["feasible"] and body["total_amount"] == "60000.00" and body["funded_count"] == 2
    assert [(row["proposal"], row["funded"]) for row in body["results"]] == [
        (candidates[0].pk, True), (candidates[1].pk, False), (candidates[2].pk, True)]
    assert body["constraints"] == [{"dimension": "mrc", "territory": mrcs[1].pk, "axis": None,
                                    "floor": "20000.00", "ceiling": None, "label": "MRC Minganie"}]
    scenario = Scenario.objects.get(pk=body["id"])
    assert scenario.created_by == world.analyst and scenario.constraints.count() == 1


def test_the_envelope_defaults_to_what_is_left(client, world, candidates):
    client.force_login(world.manager)
    body = post(client, URL, {"call": world.call.pk, "name": "Par défaut"}).json()
    assert body["envelope"] == "2600000.00" and body["min_share"] == "0.50"


@pytest.mark.parametrize("limit, field", [
    ({"dimension": "mrc", "target": 1, "floor": "30000", "ceiling": "10000"}, "limits"),
    ({"dimension": "region", "target": 1, "floor": "1"}, "limits"),
])
def test_unreadable_limits_are_400(client, world, candidates, limit, field):
    client.force_login(world.analyst)
    response = post(client, URL, {"call": world.call.pk, "name": "Erreur", "limits": [limit]})
    assert response.status_code == 400 and field in response.json()["details"]
    assert not Scenario.objects.exists()


def test_an_axis_of_another_program_is_refused_and_nothing_is_kept(client, world, candidates):
    client.force_login(world.analyst)
    foreign = factories.AxisFactory()
    response = post(client, URL, {"call": world.call.pk, "name": "Axe étranger",
                                  "limits": [{"dimension": "axis", "target": foreign.pk, "ceiling": "1000"}]})
    assert response.status_code == 400 and response.json()["code"] == "unknown_axis"
    assert not Scenario.objects.exists() and not ScenarioConstraint.objects.exists()


@pytest.mark.parametrize("persona, status", [("board", 403), ("reviewer", 404), ("applicant", 404),
                                             ("outside_analyst", 404)])
def test_only_the_analysis_staff_build_scenarios(client, world, candidates, persona, status):
    client.force_login(getattr(world, persona))
    assert post(client, URL, {"call": world.call.pk, "name": "Non"}).status_code == status
    scenario = scenarios.create(world.call, world.analyst, name="Existant", envelope=Decimal("70000"))
    assert client.get(f"{URL}{scenario.pk}/").status_code == 404
    assert post(client, f"{URL}{scenario.pk}/choose/").status_code == 404
    assert post(client, f"{URL}{scenario.pk}/recommend/").status_code == 404
    assert client.get(URL).json()["results"] == []


def test_choosing_then_recommending_moves_the_proposals(client, world, candidates):
    client.force_login(world.analyst)
    scenario = scenarios.create(world.call, world.analyst, name="Retenu", envelope=Decimal("70000"))
    not_chosen = post(client, f"{URL}{scenario.pk}/recommend/")
    assert not_chosen.status_code == 409 and not_chosen.json()["code"] == "not_chosen"
    chosen = post(client, f"{URL}{scenario.pk}/choose/")
    assert chosen.status_code == 200 and chosen.json()["chosen"] is True
    recompute = post(client, f"{URL}{scenario.pk}/recompute/")
    assert recompute.status_code == 409 and recompute.json()["code"] == "chosen"
    response = post(client, f"{URL}{scenario.pk}/recommend/")
    assert response.status_code == 200
    body = response.json()
    assert body["done"] == 3 and {row["action"] for row in body["outcomes"]} == {"recommend", "do_not_recommend"}
    states = dict(Proposal.objects.values_list("title", "state"))
    assert states == {"Cuisine collective": "recommended", "Friperie solidaire": "recommended",
                      "Transport adapté": "not_recommended"}
    assert TransitionLog.objects.get(proposal=candidates[2], transition="do_not_recommend").actor == world.analyst
    again = post(client, f"{URL}{scenario.pk}/recommend/").json()
    assert again["done"] == 0 and not any(row["ok"] for row in again["outcomes"])


def test_recomputing_takes_the_current_scores(client, world, candidates):
    scenario = scenarios.create(world.call, world.analyst, name="Avant", envelope=Decimal("40000"))
    analysed_proposal(world, 99, "40000", title="Nouvelle venue")
    client.force_login(world.analyst)
    body = post(client, f"{URL}{scenario.pk}/recompute/").json()
    assert body["results"][0]["proposal_title"] == "Nouvelle venue" and len(body["results"]) == 4


def test_the_list_filters_and_costs_the_same_whatever_its_size(client, world, candidates):
    other_call = factories.CallFactory(program=world.program)
    first = scenarios.create(world.call, world.analyst, name="Un", envelope=Decimal("70000"))
    client.force_login(world.analyst)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).json()["results"]) == 1
    for number in range(4):
        scenarios.create(other_call if number % 2 else world.call, world.analyst, name=f"S{number}",
                         envelope=Decimal("70000"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL).json()["results"]) == 5
    assert len(many) == len(few)
    listed = [row["id"] for row in client.get(f"{URL}?call={other_call.pk}").json()["results"]]
    assert len(listed) == 2 and first.pk not in listed
    scenarios.choose(first, world.analyst)
    assert [row["id"] for row in client.get(f"{URL}?chosen=true").json()["results"]] == [first.pk]
