"""Funding scenarios: which proposals (and how much) maximise the score within the envelope.

Pure on purpose: plain dataclasses in and out, no database, so the optimum can be checked against a
brute force in tests. Amounts granted are whole cents, rounded down from the solver's answer, and
every constraint is then verified exactly in Decimal: floating tolerances never overdraw an envelope.

A proposal counts fully toward every MRC it targets (a project reaching two MRCs serves both), and
toward its primary axis only.
"""

import warnings
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from core.money import format_money

SCORE = "score"
SCORE_AMOUNT = "score_amount"
MRC = "mrc"
AXIS = "axis"
# Scenarios are computed within a web request: past this, the best answer found is kept, marked unproven.
TIME_LIMIT_SECONDS = 10
# The optimum is proven to within a millionth of the objective (a total of scores out of 100 each):
# far below what a score means, and what keeps 1,000 candidates to about a second. A tighter gap makes
# HiGHS chase cent-level reallocations between partially funded projects for no visible difference.
MIP_GAP = 1e-6
# Passed to HiGHS verbatim (scipy 1.17 forwards the options it does not document, with a warning).
# Feasibility jump is a primal heuristic for models whose first feasible point is hard to find; ours are
# knapsacks that rounding finds at the root. Switched off, the benchmark's all-or-nothing scenarios
# (six calls, both objectives) were solved 15-40 % faster to the same proven optimum: heuristics only
# look for solutions, they never decide optimality.
HIGHS_OPTIONS = {"mip_heuristic_run_feasibility_jump": False}
UNIT_CENTS = 100_000  # amounts enter the solver in thousands of dollars
OPTIMAL, TIME_LIMIT_REACHED = 0, 1  # scipy.optimize.milp statuses


@dataclass(frozen=True)
class Candidate:
    key: int
    score: float  # 0-100
    request: Decimal
    mrcs: tuple = ()
    axis: int | None = None


@dataclass(frozen=True)
class Limit:
    """A floor and/or ceiling (in $) on what goes to one MRC or one axis."""

    dimension: str  # MRC or AXIS
    target: int
    label: str
    floor: Decimal | None = None
    ceiling: Decimal | None = None

    def covers(self, candidate):
        if self.dimension == MRC:
            return self.target in candidate.mrcs
        return candidate.axis == self.target


@dataclass(frozen=True)
class Problem:
    candidates: tuple
    envelope: Decimal
    objective: str = SCORE
    allow_partial: bool = False
    min_share: Decimal = Decimal("1")
    limits: tuple = ()


@dataclass
class Solution:
    method: str  # "optimal" or "greedy"
    amounts: dict = field(default_factory=dict)  # key -> Decimal, funded proposals only
    value: float = 0.0
    total: Decimal = Decimal("0")
    issues: list = field(default_factory=list)  # French sentences: what cannot be met, or is not met
    feasible: bool = True
    proven: bool = True  # False when the solver stopped at its time limit with a good, unproven answer
    # Unproven: how far the best bound may still lie above the answer's value (relative, 0.02 = 2 %).
    gap: float = 0.0


def cents(amount):
    return int((Decimal(amount) * 100).to_integral_value())


def dollars(amount_cents):
    return (Decimal(int(amount_cents)) / 100).quantize(Decimal("0.01"))


def objective_value(problem, amounts):
    """Total normalised score: a project funded at half its request brings half its score
    (otherwise partial funding would fund everything at the minimum share for full credit)."""
    by_key = {c.key: c for c in problem.candidates}
    total = 0.0
    for key, amount in amounts.items():
        candidate = by_key[key]
        share = float(amount) / float(candidate.request)
        weight = float(candidate.request) if problem.objective == SCORE_AMOUNT else 1.0
        total += candidate.score * weight * share
    return total


def violations(problem, amounts):
    """Every constraint the given allocation breaks, in French."""
    issues = []
    total = sum(amounts.values(), Decimal("0"))
    if total > problem.envelope:
        issues.append(_("Le total (%(total)s) dépasse l'enveloppe disponible (%(envelope)s).")
                      % {"total": format_money(total), "envelope": format_money(problem.envelope)})
    by_key = {c.key: c for c in problem.candidates}
    for limit in problem.limits:
        spent = sum((a for k, a in amounts.items() if limit.covers(by_key[k])), Decimal("0"))
        if limit.floor is not None and spent < limit.floor:
            issues.append(_("Plancher non atteint pour %(label)s : %(spent)s sur %(floor)s.")
                          % {"label": limit.label, "spent": format_money(spent),
                             "floor": format_money(limit.floor)})
        if limit.ceiling is not None and spent > limit.ceiling:
            issues.append(_("Plafond dépassé pour %(label)s : %(spent)s sur %(ceiling)s.")
                          % {"label": limit.label, "spent": format_money(spent),
                             "ceiling": format_money(limit.ceiling)})
    return issues


def greedy(problem):
    """The plain ranking: fund whole requests in score order while the envelope lasts; constraints
    are not sought, only reported, to show what the optimal scenario changes."""
    left = problem.envelope
    amounts = {}
    for candidate in sorted(problem.candidates, key=lambda c: (-c.score, c.key)):
        if candidate.request <= left:
            amounts[candidate.key] = candidate.request
            left -= candidate.request
    return _solution("greedy", problem, amounts, violations(problem, amounts))


def check_limits(problem):
    """Each constraint alone against the envelope and the candidates: names the one that cannot be met."""
    issues = []
    for limit in problem.limits:
        names = {"label": limit.label, "floor": format_money(limit.floor),
                 "ceiling": format_money(limit.ceiling), "envelope": format_money(problem.envelope)}
        if limit.floor is None:
            continue
        if limit.ceiling is not None and limit.floor > limit.ceiling:
            issues.append(_("Pour %(label)s, le plancher (%(floor)s) dépasse le plafond (%(ceiling)s).") % names)
        elif limit.floor > problem.envelope:
            issues.append(_("Le plancher de %(floor)s pour %(label)s dépasse l'enveloppe disponible "
                            "(%(envelope)s).") % names)
        else:
            available = sum((c.request for c in problem.candidates if limit.covers(c)), Decimal("0"))
            if available < limit.floor:
                names["available"] = format_money(available)
                issues.append(_("Le plancher de %(floor)s pour %(label)s ne peut pas être atteint : les "
                                "demandes admissibles totalisent %(available)s.") % names)
    axis_floors = sum((lim.floor or 0 for lim in problem.limits if lim.dimension == AXIS), Decimal("0"))
    if axis_floors > problem.envelope:
        # A proposal has one primary axis, so axis floors add up; MRC floors may overlap and do not.
        issues.append(_("La somme des planchers par axe (%(floors)s) dépasse l'enveloppe disponible "
                        "(%(envelope)s).") % {"floors": format_money(axis_floors),
                                              "envelope": format_money(problem.envelope)})
    return issues


def optimise(problem, time_limit=TIME_LIMIT_SECONDS):
    """The exact optimum (scipy's HiGHS branch and bound), or the reasons it cannot exist; past `time_limit`
    seconds, the best answer found, unproven, with its gap to the best bound."""
    issues = check_limits(problem)
    if issues:
        return Solution("optimal", issues=issues, feasible=False)
    if not problem.candidates:
        return _solution("optimal", problem, {}, [])
    amounts, status, gap = _solve(problem, time_limit=time_limit)
    if amounts is not None and problem.allow_partial and violations(problem, amounts):
        # Rounding to the cent broke a floor (by a few cents): solve again with whole cents.
        amounts, status, gap = _solve(problem, whole_cents=True, time_limit=time_limit)
    if amounts is None and status == TIME_LIMIT_REACHED:
        return Solution("optimal", feasible=False, proven=False, issues=[_(
            "Le calcul n'a pas trouvé de solution dans le temps imparti (%(seconds)s s) : réduisez le nombre "
            "de contraintes ou de demandes candidates.") % {"seconds": time_limit}])
    if amounts is None:
        return Solution("optimal", issues=_explain_infeasible(problem), feasible=False)
    solution = _solution("optimal", problem, amounts, violations(problem, amounts))
    solution.proven = status == OPTIMAL
    solution.gap = 0.0 if solution.proven else gap
    return solution


def _solution(method, problem, amounts, issues):
    return Solution(method, amounts=amounts, value=objective_value(problem, amounts),
                    total=sum(amounts.values(), Decimal("0")), issues=issues, feasible=not issues)


def _explain_infeasible(problem):
    """Which constraint, once dropped, makes the scenario possible again."""
    culprits = []
    for limit in problem.limits:
        relaxed = Problem(problem.candidates, problem.envelope, problem.objective, problem.allow_partial,
                          problem.min_share, tuple(lim for lim in problem.limits if lim is not limit))
        if _solve(relaxed)[0] is not None:
            culprits.append(limit.label)
    if culprits:
        return [_("Les contraintes ne peuvent pas être respectées ensemble avec l'enveloppe disponible. "
                  "Le scénario devient réalisable en retirant ou en assouplissant l'une de ces contraintes : "
                  "%(labels)s.") % {"labels": ", ".join(culprits)}]
    return [_("Les contraintes ne peuvent pas être respectées ensemble avec l'enveloppe disponible "
              "(aucune contrainte seule n'en est la cause : assouplissez les planchers ou augmentez "
              "l'enveloppe).")]


def _solve(problem, whole_cents=False, time_limit=TIME_LIMIT_SECONDS):
    """Build and solve the MILP: (amounts by candidate or None without a solution, milp's status, the
    relative gap between the answer and HiGHS's best bound).

    Variables: x_i binary (funded or not); with partial funding also a_i, bound by
    min_share·r_i·x_i ≤ a_i ≤ r_i·x_i. Without partial funding a_i is simply r_i·x_i.
    Amounts are continuous, counted in thousands of dollars so that HiGHS sees well-scaled rows, and
    rounded down to the cent afterwards, which can only lower totals: the envelope and ceilings still
    hold, and optimise() checks the floors. With `whole_cents`, a_i are integer cents (slower, exact).
    """
    cands = problem.candidates
    n = len(cands)
    unit = 1 if whole_cents else UNIT_CENTS
    request = np.array([cents(c.request) for c in cands], dtype=float)
    score = np.array([c.score for c in cands], dtype=float)
    if problem.allow_partial:
        # score × a_i / r_i: half the request funded brings half the score (see objective_value).
        gain = score / request if problem.objective == SCORE else score / request.max()
        c = np.concatenate([np.zeros(n), -gain * unit])
        spend = sparse.hstack([sparse.csr_matrix((1, n)), sparse.csr_matrix(np.ones((1, n)))]).tocsr()
        low = np.array([int((Decimal(problem.min_share) * cents(x.request)).to_integral_value(ROUND_CEILING))
                        for x in cands], dtype=float)
        eye = sparse.identity(n)
        rows = [LinearConstraint(sparse.hstack([-sparse.diags(request / unit), eye]), -np.inf, 0),
                LinearConstraint(sparse.hstack([-sparse.diags(low / unit), eye]), 0, np.inf)]
        integrality = np.concatenate([np.ones(n), np.full(n, 1 if whole_cents else 0)])
        bounds = Bounds(np.zeros(2 * n), np.concatenate([np.ones(n), request / unit]))
    else:
        c = -(score * request / request.max() if problem.objective == SCORE_AMOUNT else score)
        spend = sparse.csr_matrix((request / unit).reshape(1, n))
        rows = []
        integrality = np.ones(n)
        bounds = Bounds(np.zeros(n), np.ones(n))
    # Totals are whole cents: widening each bound by half a cent admits exactly the same amounts while
    # absorbing the solver's feasibility tolerance (well under half a cent at this scale).
    rows.append(LinearConstraint(spend, -np.inf, (cents(problem.envelope) + 0.5) / unit))
    width = spend.shape[1] // n
    for limit in problem.limits:
        mask = np.tile([1.0 if limit.covers(x) else 0.0 for x in cands], width)
        lower = (cents(limit.floor) - 0.5) / unit if limit.floor is not None else -np.inf
        upper = (cents(limit.ceiling) + 0.5) / unit if limit.ceiling is not None else np.inf
        rows.append(LinearConstraint(spend.multiply(mask).tocsr(), lower, upper))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unrecognized options detected", category=RuntimeWarning)
        result = milp(c, integrality=integrality, bounds=bounds, constraints=rows,
                      options={"time_limit": time_limit, "mip_rel_gap": MIP_GAP, **HIGHS_OPTIONS})
    gap = float(getattr(result, "mip_gap", None) or 0.0)
    if result.x is None:
        return None, result.status, gap
    funded = np.rint(result.x[:n]) == 1
    if problem.allow_partial:
        granted = np.clip(np.floor(result.x[n:] * unit + 0.25), low, request)
    else:
        granted = request
    amounts = {cand.key: dollars(amount)
               for cand, amount, chosen in zip(cands, granted, funded, strict=True) if chosen}
    return amounts, result.status, gap
