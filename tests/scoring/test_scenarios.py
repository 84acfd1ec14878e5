"""Funding scenarios stored for a call: computed, compared, chosen, and used to recommend."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import Conflict, InvalidInput
from grants.models import Proposal, Territory
from scoring.models import Scenario
from scoring.services import scenarios
from scoring.services.scenarios import LimitInput
from tests import factories
from tests.scoring.decisions_setup import analysed_proposal
from workflow import scenarios as recommending
from workflow.models import TransitionLog


@pytest.fixture
def mrcs(world):
    return [factories.MrcFactory(parent=world.program.region, name=name) for name in ("Manicouagan", "Minganie")]


@pytest.fixture
def call_with_candidates(world, mrcs):
    """Three analysed proposals: two strong ones in Manicouagan, a weaker one in Minganie."""
    return [
        analysed_proposal(world, 90, "40000", mrcs=[mrcs[0]], title="Cuisine collective"),
        analysed_proposal(world, 80, "30000", mrcs=[mrcs[0]], title="Friperie solidaire"),
        analysed_proposal(world, 60, "20000", mrcs=[mrcs[1]], title="Transport adapté"),
    ]


def test_scenario_stores_the_optimum_and_the_greedy_ranking(world, call_with_candidates, mrcs):
    first, second, third = call_with_candidates
    scenario = scenarios.create(world.call, world.analyst, name="Plancher Minganie", envelope=Decimal("70000"),
                                limits=[LimitInput("mrc", mrcs[1].pk, floor=Decimal("20000"))])
    assert scenario.feasible and scenario.proven_optimal
    results = {r.proposal_id: r for r in scenario.results.all()}
    assert [results[p.pk].funded for p in call_with_candidates] == [True, False, True]
    assert results[first.pk].amount == Decimal("40000") and results[second.pk].amount == 0
    # The plain ranking takes the two best and misses the Minganie floor.
    assert [results[p.pk].greedy_funded for p in call_with_candidates] == [True, True, False]
    assert any("Minganie" in issue for issue in scenario.greedy_issues)
    assert scenario.total_amount == Decimal("60000")
    assert [r.rank for r in scenario.results.order_by("rank")] == [1, 2, 3]


def test_scenario_envelope_defaults_to_what_the_program_has_left(world, call_with_candidates):
    factories.ProposalFactory(call=world.call, state="funded", amount_granted=Decimal("600000"))
    scenario = scenarios.create(world.call, world.analyst, name="Par défaut")
    assert scenario.envelope == world.program.envelope - Decimal("600000")


def test_partial_funding_grants_between_the_minimum_share_and_the_request(world, call_with_candidates):
    scenario = scenarios.create(world.call, world.analyst, name="Partiel", envelope=Decimal("80000"),
                                allow_partial=True, min_share=Decimal("0.5"))
    funded = [r for r in scenario.results.all() if r.funded]
    assert sum(r.amount for r in funded) <= Decimal("80000")
    assert all(r.requested / 2 <= r.amount <= r.requested for r in funded)


def test_infeasible_floor_is_reported_with_its_mrc(world, call_with_candidates, mrcs):
    scenario = scenarios.create(world.call, world.analyst, name="Trop", envelope=Decimal("65000"),
                                limits=[LimitInput("mrc", mrcs[1].pk, floor=Decimal("50000"))])
    assert not scenario.feasible
    assert "MRC Minganie" in scenario.issues[0]
    assert not scenario.results.filter(funded=True).exists()
    with pytest.raises(Conflict):
        scenarios.choose(scenario, world.analyst)


def test_axis_of_another_program_is_refused(world, call_with_candidates):
    foreign_axis = factories.AxisFactory()
    with pytest.raises(InvalidInput):
        scenarios.create(world.call, world.analyst, name="X", limits=[LimitInput("axis", foreign_axis.pk, floor=1)])
    assert not Scenario.objects.exists()


def test_only_scored_undecided_analysed_proposals_are_candidates(world, call_with_candidates):
    analysed_proposal(world, 95, "10000", state="submitted", title="Pas encore en analyse")
    analysed_proposal(world, 0, "10000", reviews=0, title="Sans évaluation")
    scenario = scenarios.create(world.call, world.analyst, name="Tous", envelope=Decimal("1000000"))
    assert set(scenario.results.values_list("proposal__title", flat=True)) == {
        "Cuisine collective", "Friperie solidaire", "Transport adapté"}


def test_one_chosen_scenario_per_call(world, call_with_candidates):
    first = scenarios.create(world.call, world.analyst, name="A", envelope=Decimal("70000"))
    second = scenarios.create(world.call, world.analyst, name="B", envelope=Decimal("90000"))
    scenarios.choose(first, world.analyst)
    scenarios.choose(second, world.analyst)
    assert list(Scenario.objects.filter(chosen=True)) == [second]
    with pytest.raises(Conflict):
        scenarios.recompute(Scenario.objects.get(pk=second.pk), world.analyst)


def test_comparison_puts_scenarios_side_by_side(world, call_with_candidates):
    small = scenarios.create(world.call, world.analyst, name="Petit", envelope=Decimal("40000"))
    large = scenarios.create(world.call, world.analyst, name="Grand", envelope=Decimal("90000"))
    rows = scenarios.comparison([small, large])
    assert [row["proposal"].title for row in rows] == ["Cuisine collective", "Friperie solidaire",
                                                        "Transport adapté"]
    assert rows[0]["amounts"] == [Decimal("40000"), Decimal("40000")]
    assert rows[1]["amounts"] == [None, Decimal("30000")]


def test_recommending_from_the_chosen_scenario_goes_through_the_workflow(world, call_with_candidates):
    first, second, third = call_with_candidates
    scenario = scenarios.create(world.call, world.analyst, name="Retenu", envelope=Decimal("70000"))
    with pytest.raises(Conflict):
        recommending.recommend_from(scenario, world.analyst)  # not chosen yet
    scenarios.choose(scenario, world.analyst)
    outcomes = recommending.recommend_from(scenario, world.analyst)
    assert all(outcome.ok for outcome in outcomes)
    states = dict(Proposal.objects.values_list("title", "state"))
    assert states["Cuisine collective"] == "recommended" and states["Friperie solidaire"] == "recommended"
    assert states["Transport adapté"] == "not_recommended"
    assert Proposal.objects.get(pk=first.pk).suggested_amount == Decimal("40000")
    log = TransitionLog.objects.get(proposal=third, transition="do_not_recommend")
    assert "Retenu" in log.comment and log.actor == world.analyst


def test_refused_recommendations_are_reported_per_proposal(world, call_with_candidates):
    world.call.required_reviews = 2
    world.call.save()
    scenario = scenarios.create(world.call, world.analyst, name="Retenu", envelope=Decimal("70000"))
    scenarios.choose(scenario, world.analyst)
    outcomes = {o.proposal.title: o for o in recommending.recommend_from(scenario, world.analyst)}
    assert not outcomes["Cuisine collective"].ok
    assert "2 évaluations" in outcomes["Cuisine collective"].message
    # do_not_recommend has no review guard: it goes through.
    assert outcomes["Transport adapté"].ok
    assert Proposal.objects.get(title="Cuisine collective").state == "under_analysis"


@pytest.mark.parametrize("persona, allowed", [
    ("analyst", True), ("manager", True), ("admin", True), ("board", False), ("reviewer", False),
    ("outside_analyst", False), ("applicant", False), ("nobody", False),
])
def test_who_may_build_and_choose_scenarios(world, call_with_candidates, persona, allowed):
    person = getattr(world, persona)
    if allowed:
        scenario = scenarios.create(world.call, person, name="S", envelope=Decimal("50000"))
        scenarios.choose(scenario, person)
        assert Scenario.objects.get(pk=scenario.pk).chosen
        return
    with pytest.raises(PermissionDenied):
        scenarios.create(world.call, person, name="S")
    scenario = factories.ScenarioFactory(call=world.call, feasible=True)
    with pytest.raises(PermissionDenied):
        scenarios.choose(scenario, person)


# --- Screens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", [
    ("analyst", 200), ("manager", 200), ("admin", 200), ("board", 403), ("reviewer", 404),
    ("outside_analyst", 404), ("applicant", 404), ("nobody", 404),
])
def test_scenario_pages_are_for_the_programs_analysts(client, world, call_with_candidates, persona, status):
    scenario = scenarios.create(world.call, world.analyst, name="Base", envelope=Decimal("70000"))
    other = scenarios.create(world.call, world.analyst, name="Autre", envelope=Decimal("40000"))
    client.force_login(getattr(world, persona))
    urls = [reverse("scoring:scenario_list", args=[world.call.pk]),
            reverse("scoring:scenario_create", args=[world.call.pk]),
            reverse("scoring:scenario_detail", args=[scenario.pk]),
            reverse("scoring:scenario_compare", args=[world.call.pk]) + f"?ids={scenario.pk}&ids={other.pk}"]
    for url in urls:
        assert client.get(url).status_code == status, url
    response = client.post(reverse("decisions:scenario_action", args=[scenario.pk, "choose"]))
    assert response.status_code == (302 if status == 200 else status)
    assert Scenario.objects.get(pk=scenario.pk).chosen == (status == 200)


def test_analyst_creates_a_scenario_with_a_floor_from_the_form(client, world, call_with_candidates, mrcs):
    client.force_login(world.analyst)
    response = client.post(reverse("scoring:scenario_create", args=[world.call.pk]), {
        "name": "Plancher Minganie", "envelope": "70000", "objective": "score", "method": "raw",
        "min_share": "0.5", f"mrc_{mrcs[1].pk}_floor": "20000",
    })
    scenario = Scenario.objects.get(name="Plancher Minganie")
    assert response.status_code == 302 and response["Location"].endswith(f"/scenarios/{scenario.pk}/")
    assert scenario.constraints.get().floor == Decimal("20000")
    page = client.get(response["Location"]).content.decode()
    assert "Transport adapté" in page and "MRC Minganie" in page


def test_floor_above_ceiling_is_refused_by_the_form(client, world, call_with_candidates, mrcs):
    client.force_login(world.analyst)
    response = client.post(reverse("scoring:scenario_create", args=[world.call.pk]), {
        "name": "X", "envelope": "70000", "objective": "score", "method": "raw", "min_share": "0.5",
        f"mrc_{mrcs[0].pk}_floor": "50000", f"mrc_{mrcs[0].pk}_ceiling": "10000",
    })
    assert response.status_code == 200
    assert "Le plancher dépasse le plafond" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Scenario.objects.exists()


def test_recommend_button_reports_each_proposal(client, world, call_with_candidates):
    scenario = scenarios.create(world.call, world.analyst, name="Retenu", envelope=Decimal("70000"))
    scenarios.choose(scenario, world.analyst)
    client.force_login(world.analyst)
    url = reverse("decisions:scenario_action", args=[scenario.pk, "recommend"])
    assert url == f"/evaluation/scenarios/{scenario.pk}/recommend/"  # the address did not move
    response = client.post(url)
    page = response.content.decode()
    assert response.status_code == 200 and "Résultat des recommandations" in page
    assert page.count("Recommandée.") == 2 and "Non recommandée." in page
    assert Proposal.objects.filter(state="recommended").count() == 2


def test_scenario_detail_query_count_does_not_grow_with_candidates(client, world, mrcs,
                                                                   django_assert_max_num_queries):
    for index in range(12):
        analysed_proposal(world, 50 + index, "10000", mrcs=[mrcs[index % 2]])
    scenario = scenarios.create(world.call, world.analyst, name="Grand", envelope=Decimal("60000"))
    client.force_login(world.analyst)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("scoring:scenario_detail", args=[scenario.pk])).status_code == 200


@pytest.mark.parametrize("persona, sees_program, sees_scenarios", [
    ("analyst", True, True), ("manager", True, True), ("board", True, False), ("reviewer", False, False),
    ("outside_analyst", False, False),
])
def test_decisions_index_links_each_role_to_its_screens(client, world, persona, sees_program, sees_scenarios):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("scoring:decision_programs")).content.decode()
    assert (reverse("scoring:meeting_list", args=[world.program.pk]) in page) == sees_program
    assert (reverse("scoring:scenario_list", args=[world.call.pk]) in page) == sees_scenarios
    # The navigation link: for anyone reading decisions somewhere (the outside analyst, in their program).
    assert ("Scénarios et décisions</a>" in page) == (persona != "reviewer")


def test_demo_seeds_one_chosen_scenario_and_one_meeting_once(world, call_with_candidates):
    from scoring import decisions_demo

    factories.MrcFactory(parent=world.program.region)
    mrcs = Territory.objects.filter(kind="mrc", parent=world.program.region)
    for _run in range(2):
        decisions_demo.seed_reservations(world.program, world.manager)
        decisions_demo.seed_scenario(world.call, world.analyst)
        decisions_demo.seed_meeting(world.program, world.board)
    assert {(r.territory, r.amount) for r in world.program.reservations.all()} == {
        (mrc, decisions_demo.MRC_RESERVATION) for mrc in mrcs}
    scenario = Scenario.objects.get()
    assert scenario.feasible and scenario.chosen and scenario.results.count() == 3
    assert world.program.board_meetings.count() == 1


def test_amounts_and_shares_are_typed_the_french_way(client, world, call_with_candidates):
    client.force_login(world.analyst)
    response = client.post(reverse("scoring:scenario_create", args=[world.call.pk]), {
        "name": "Partiel", "envelope": "70000,50", "objective": "score", "method": "raw",
        "allow_partial": "on", "min_share": "0,75",
    })
    scenario = Scenario.objects.get(name="Partiel")
    assert response.status_code == 302
    assert scenario.envelope == Decimal("70000.50") and scenario.min_share == Decimal("0.75")
    assert "au moins 75 % du montant demandé" in client.get(response["Location"]).content.decode()
