"""Funding scenarios: build one from the call's ranking, compute it, compare them, choose one.

Recommending the proposals from the chosen scenario changes their state: that orchestration lives with
the proposal's life cycle, which reads the chosen scenario's results from here.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden, InvalidInput
from grants import selectors as grants_selectors
from grants.models import Axis, Territory
from grants.states import State

from .. import ranking, solver
from ..models import Scenario, ScenarioConstraint, ScenarioResult

# Proposals a scenario may fund: analysed, not decided yet.
CANDIDATE_STATES = (State.UNDER_ANALYSIS, State.RECOMMENDED, State.NOT_RECOMMENDED)


@dataclass(frozen=True)
class LimitInput:
    dimension: str  # "mrc" or "axis"
    target_id: int
    floor: Decimal | None = None
    ceiling: Decimal | None = None


def _require(actor, obj):
    if not actor.has_perm("scoring.manage_scenarios", obj):
        raise Forbidden()


def default_envelope(call):
    return grants_selectors.envelope_left(call.program_id)


def scenarios_of(call):
    return (Scenario.objects.filter(call=call).select_related("created_by")
            .annotate(funded_count=Count("results", filter=Q(results__funded=True))))


def create(call, actor, *, name, objective=Scenario.Objective.SCORE, method=Scenario.Method.RAW,
           envelope=None, allow_partial=False, min_share=Decimal("0.5"), limits=()):
    _require(actor, call)
    with transaction.atomic():
        scenario = Scenario.objects.create(
            call=call, name=name, objective=objective, method=method, allow_partial=allow_partial,
            min_share=min_share, envelope=default_envelope(call) if envelope is None else envelope,
            created_by=actor)
        ScenarioConstraint.objects.bulk_create([_constraint(scenario, limit) for limit in limits
                                                if limit.floor is not None or limit.ceiling is not None])
        compute(scenario)
    return scenario


def _constraint(scenario, limit):
    program_id = scenario.call.program_id
    if limit.dimension == ScenarioConstraint.Dimension.MRC:
        territory = Territory.objects.filter(pk=limit.target_id, kind=Territory.Kind.MRC).first()
        if territory is None:
            raise InvalidInput(_("MRC inconnue."), code="unknown_mrc")
        return ScenarioConstraint(scenario=scenario, dimension=limit.dimension, territory=territory,
                                  floor=limit.floor, ceiling=limit.ceiling)
    axis = Axis.objects.filter(pk=limit.target_id, program_id=program_id).first()
    if axis is None:
        raise InvalidInput(_("Cet axe n'appartient pas au programme de l'appel."), code="unknown_axis")
    return ScenarioConstraint(scenario=scenario, dimension=limit.dimension, axis=axis, floor=limit.floor,
                              ceiling=limit.ceiling)


def candidate_rows(call, method):
    """The ranked proposals a scenario may fund: scored, not eliminated, analysed and undecided."""
    return [row for row in ranking.rank_call(call, method)
            if row.score is not None and not getattr(row, "eliminated", False)
            and row.proposal.state in CANDIDATE_STATES and row.proposal.requested_amount > 0]


def problem_for(scenario, rows):
    candidates = tuple(
        solver.Candidate(key=row.proposal.pk, score=float(row.score), request=row.proposal.requested_amount,
                         mrcs=tuple(t.pk for t in row.proposal.mrcs.all()), axis=row.proposal.primary_axis_id)
        for row in rows)
    limits = tuple(
        solver.Limit(c.dimension, c.territory_id or c.axis_id, str(c.label), c.floor, c.ceiling)
        for c in scenario.constraints.select_related("territory", "axis"))
    return solver.Problem(candidates, scenario.envelope, scenario.objective, scenario.allow_partial,
                          scenario.min_share if scenario.allow_partial else Decimal("1"), limits)


def compute(scenario):
    """Solve the scenario (optimal and greedy) and store the answer in place of the previous one."""
    rows = candidate_rows(scenario.call, scenario.method)
    problem = problem_for(scenario, rows)
    best, plain = solver.optimise(problem), solver.greedy(problem)
    with transaction.atomic():
        scenario.results.all().delete()
        ScenarioResult.objects.bulk_create([
            ScenarioResult(scenario=scenario, proposal=row.proposal, rank=position, score=row.score,
                           requested=row.proposal.requested_amount, funded=row.proposal.pk in best.amounts,
                           amount=best.amounts.get(row.proposal.pk, Decimal("0")),
                           greedy_funded=row.proposal.pk in plain.amounts)
            for position, row in enumerate(rows, start=1)])
        scenario.feasible, scenario.proven_optimal = best.feasible, best.feasible and best.proven
        scenario.issues, scenario.greedy_issues = best.issues, plain.issues
        scenario.total_amount, scenario.total_value = best.total, best.value
        scenario.greedy_amount, scenario.greedy_value = plain.total, plain.value
        scenario.computed_at = timezone.now()
        scenario.save()
    return scenario


def recompute(scenario, actor):
    _require(actor, scenario)
    if scenario.chosen:
        raise Conflict(_("Le scénario retenu ne peut plus être recalculé : créez-en un nouveau."), code="chosen")
    return compute(scenario)


def choose(scenario, actor):
    """Make this scenario the team's recommendation for its call (only one per call)."""
    _require(actor, scenario)
    if not scenario.feasible:
        raise Conflict(_("Un scénario irréalisable ne peut pas être retenu."), code="infeasible")
    with transaction.atomic():
        # Lock the call's scenarios: two analysts choosing at once end with exactly one chosen.
        list(Scenario.objects.select_for_update().filter(call_id=scenario.call_id).values_list("pk"))
        Scenario.objects.filter(call_id=scenario.call_id, chosen=True).exclude(pk=scenario.pk).update(chosen=False)
        Scenario.objects.filter(pk=scenario.pk).update(chosen=True)
    scenario.chosen = True
    return scenario


def comparison(scenarios):
    """Proposals as rows, the amount each scenario grants them as columns (None when not retained)."""
    scenarios = list(scenarios)
    index = {s.pk: i for i, s in enumerate(scenarios)}
    rows = {}
    results = (ScenarioResult.objects.filter(scenario__in=scenarios)
               .select_related("proposal__organisation").order_by("rank"))
    for result in results:
        row = rows.setdefault(result.proposal_id, {"proposal": result.proposal, "score": result.score,
                                                   "requested": result.requested,
                                                   "amounts": [None] * len(scenarios)})
        if result.funded:
            row["amounts"][index[result.scenario_id]] = result.amount
    return sorted(rows.values(), key=lambda row: (-row["score"], row["proposal"].pk))
