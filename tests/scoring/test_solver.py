"""The funding-scenario solver against brute force, on small random calls."""

from decimal import Decimal
from itertools import combinations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from scoring import solver
from scoring.solver import AXIS, MRC, SCORE, SCORE_AMOUNT, Candidate, Limit, Problem

MRCS = (1, 2, 3)
AXES = (10, 20)


@st.composite
def problems(draw, max_candidates, partial):
    n = draw(st.integers(1, max_candidates))
    candidates = tuple(
        Candidate(
            key=i,
            score=draw(st.integers(0, 100)),
            request=Decimal(draw(st.integers(100, 600))) * 100 + Decimal(draw(st.sampled_from(["0", "0.50"]))),
            mrcs=tuple(draw(st.sets(st.sampled_from(MRCS), min_size=1, max_size=2))),
            axis=draw(st.sampled_from(AXES)),
        )
        for i in range(n)
    )
    limits = []
    for dimension, targets in ((MRC, MRCS), (AXIS, AXES)):
        for target in targets:
            if draw(st.booleans()):
                floor = draw(st.one_of(st.none(), st.integers(0, 60).map(lambda k: Decimal(k * 1000))))
                ceiling = draw(st.one_of(st.none(), st.integers(10, 120).map(lambda k: Decimal(k * 1000))))
                limits.append(Limit(dimension, target, f"{dimension} {target}", floor, ceiling))
    return Problem(
        candidates=candidates,
        envelope=Decimal(draw(st.integers(5, 200))) * 1000,
        objective=draw(st.sampled_from([SCORE, SCORE_AMOUNT])),
        allow_partial=partial,
        min_share=Decimal(draw(st.sampled_from(["0.5", "0.75"]))) if partial else Decimal("1"),
        limits=tuple(limits),
    )


def subsets(candidates):
    for size in range(len(candidates) + 1):
        yield from combinations(candidates, size)


def brute_force_binary(problem):
    """Best objective over every subset of whole requests that meets every constraint; None if none does."""
    best = None
    for chosen in subsets(problem.candidates):
        amounts = {c.key: c.request for c in chosen}
        if solver.violations(problem, amounts):
            continue
        value = solver.objective_value(problem, amounts)
        best = value if best is None else max(best, value)
    return best


def brute_force_partial(problem):
    """Every subset of funded projects, and for each the best continuous amounts by linear programming
    (a separate code path: linprog, no integrality). The subset enumeration makes the binary part exact;
    for a fixed subset the remaining problem is an LP, whose optimum linprog finds exactly."""
    best = None
    for chosen in subsets(problem.candidates):
        if not chosen:
            value = 0.0 if not solver.violations(problem, {}) else None
        else:
            value = _best_amounts(problem, chosen)
        if value is not None:
            best = value if best is None else max(best, value)
    return best


def _best_amounts(problem, chosen):
    request = np.array([float(c.request) for c in chosen])
    score = np.array([float(c.score) for c in chosen])
    gain = score / request if problem.objective == SCORE else score
    rows, upper = [np.ones(len(chosen))], [float(problem.envelope)]
    for limit in problem.limits:
        mask = np.array([1.0 if limit.covers(c) else 0.0 for c in chosen])
        if limit.ceiling is not None:
            rows.append(mask)
            upper.append(float(limit.ceiling))
        if limit.floor is not None:
            rows.append(-mask)
            upper.append(-float(limit.floor))
    bounds = [(float(problem.min_share) * r, r) for r in request]
    result = linprog(-gain, A_ub=np.array(rows), b_ub=np.array(upper), bounds=bounds, method="highs")
    return -result.fun if result.status == 0 else None


def assert_matches(problem, expected, solution, tolerance):
    if expected is None:
        assert not solution.feasible
        assert solution.issues
        return
    assert solution.feasible, solution.issues
    assert solver.violations(problem, solution.amounts) == []
    assert abs(solution.value - expected) <= tolerance * max(1.0, abs(expected))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_candidates=10, partial=False))
def test_binary_optimum_equals_brute_force(problem):
    solution = solver.optimise(problem)
    assert_matches(problem, brute_force_binary(problem), solution, solver.MIP_GAP)
    by_key = {c.key: c for c in problem.candidates}
    assert all(amount == by_key[key].request for key, amount in solution.amounts.items())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_candidates=6, partial=True))
def test_partial_optimum_equals_enumeration_with_linear_programs(problem):
    solution = solver.optimise(problem)
    # The solver grants whole cents, the reference real numbers: a few cents of difference at most.
    assert_matches(problem, brute_force_partial(problem), solution, 2 * solver.MIP_GAP)
    by_key = {c.key: c for c in problem.candidates}
    for key, amount in solution.amounts.items():
        request = by_key[key].request
        assert problem.min_share * request <= amount <= request


def test_partial_funding_counts_a_share_of_the_score():
    problem = Problem(
        candidates=(Candidate(1, 90, Decimal("10000"), (1,)), Candidate(2, 80, Decimal("10000"), (1,))),
        envelope=Decimal("15000"), allow_partial=True, min_share=Decimal("0.5"),
    )
    solution = solver.optimise(problem)
    # Best: the higher score in full, the other at half its request (90 + 40).
    assert solution.amounts == {1: Decimal("10000.00"), 2: Decimal("5000.00")}
    assert solution.value == 130


def test_floor_beyond_the_candidates_of_an_mrc_is_named():
    problem = Problem(
        candidates=(Candidate(1, 70, Decimal("20000"), (1,)), Candidate(2, 60, Decimal("5000"), (2,))),
        envelope=Decimal("100000"),
        limits=(Limit(MRC, 2, "MRC Minganie", floor=Decimal("8000")),),
    )
    solution = solver.optimise(problem)
    assert not solution.feasible
    assert "MRC Minganie" in solution.issues[0]
    assert "ne peut pas être atteint" in solution.issues[0]


def test_floor_beyond_the_envelope_is_named():
    problem = Problem(candidates=(Candidate(1, 70, Decimal("90000"), (), 10),), envelope=Decimal("50000"),
                      limits=(Limit(AXIS, 10, "Axe 1", floor=Decimal("60000")),))
    solution = solver.optimise(problem)
    assert not solution.feasible
    assert "Axe 1" in solution.issues[0] and "enveloppe" in solution.issues[0]


def test_floors_that_clash_together_name_each_culprit():
    # Each floor alone fits the envelope; together they need 60 000 $ out of 50 000 $.
    problem = Problem(
        candidates=(Candidate(1, 70, Decimal("30000"), (1,)), Candidate(2, 60, Decimal("30000"), (2,))),
        envelope=Decimal("50000"),
        limits=(Limit(MRC, 1, "MRC A", floor=Decimal("30000")), Limit(MRC, 2, "MRC B", floor=Decimal("30000"))),
    )
    solution = solver.optimise(problem)
    assert not solution.feasible
    assert "MRC A" in solution.issues[0] and "MRC B" in solution.issues[0]


def test_greedy_follows_the_ranking_and_reports_the_floors_it_misses():
    problem = Problem(
        candidates=(Candidate(1, 90, Decimal("40000"), (1,)), Candidate(2, 80, Decimal("30000"), (1,)),
                    Candidate(3, 70, Decimal("20000"), (2,)), Candidate(4, 60, Decimal("10000"), (2,))),
        envelope=Decimal("75000"),
        limits=(Limit(MRC, 2, "MRC B", floor=Decimal("20000")),),
    )
    plain = solver.greedy(problem)
    assert plain.amounts == {1: Decimal("40000"), 2: Decimal("30000")}
    assert any("MRC B" in issue for issue in plain.issues)
    best = solver.optimise(problem)
    assert best.feasible
    assert best.amounts == {1: Decimal("40000.00"), 3: Decimal("20000.00"), 4: Decimal("10000.00")}


def test_empty_call_gives_an_empty_feasible_scenario():
    solution = solver.optimise(Problem(candidates=(), envelope=Decimal("1000")))
    assert solution.feasible and solution.amounts == {} and solution.total == 0


@settings(max_examples=15, deadline=None)
@given(problems(max_candidates=8, partial=True))
def test_continuous_amounts_rounded_to_the_cent_match_whole_cent_amounts(problem):
    fast, _status, _gap = solver._solve(problem)
    exact, _status, _gap = solver._solve(problem, whole_cents=True)
    assert (fast is None) == (exact is None)
    if fast is not None:
        fast_value, exact_value = solver.objective_value(problem, fast), solver.objective_value(problem, exact)
        assert abs(fast_value - exact_value) <= 2 * solver.MIP_GAP * max(1.0, exact_value)


def test_time_limit_without_a_solution_is_not_called_infeasible(monkeypatch):
    monkeypatch.setattr(solver, "_solve", lambda problem, whole_cents=False, time_limit=0: (
        None, solver.TIME_LIMIT_REACHED, 1.0))
    solution = solver.optimise(Problem(candidates=(Candidate(1, 50, Decimal("1000")),), envelope=Decimal("5000")))
    assert not solution.feasible and not solution.proven
    assert "temps imparti" in solution.issues[0]


def test_an_answer_stopped_by_the_time_limit_keeps_its_gap_to_the_best_bound(monkeypatch):
    """HiGHS stopped with an answer: it is kept, unproven, with how far the best bound may lie above it."""
    real_milp, limits = solver.milp, []

    def stopped(*args, options, **kwargs):
        limits.append(options["time_limit"])
        result = real_milp(*args, options=options, **kwargs)
        result.status, result.mip_gap = solver.TIME_LIMIT_REACHED, 0.031
        return result

    monkeypatch.setattr(solver, "milp", stopped)
    candidates = tuple(Candidate(key=i, score=50 + i, request=Decimal(1000 * (i + 1))) for i in range(6))
    solution = solver.optimise(Problem(candidates, Decimal("9000")), time_limit=2)
    assert solution.feasible and not solution.proven and solution.amounts
    assert solution.gap == 0.031 and limits == [2]


def test_a_proven_optimum_has_no_gap():
    candidates = tuple(Candidate(key=i, score=50 + i, request=Decimal(1000 * (i + 1))) for i in range(6))
    solution = solver.optimise(Problem(candidates, Decimal("9000")))
    assert solution.proven and solution.gap == 0.0


def test_highs_options_reach_the_solver_without_a_warning(recwarn):
    """The feasibility-jump switch is not one of scipy's documented options: it must still be accepted
    by the bundled HiGHS (an unknown name raises) and its forwarding warning must not leak."""
    candidates = tuple(Candidate(key=i, score=50 + i, request=Decimal(1000 * (i + 1))) for i in range(6))
    solution = solver.optimise(Problem(candidates, Decimal("9000")))
    assert solution.proven and solution.total <= Decimal("9000")
    assert solver.HIGHS_OPTIONS == {"mip_heuristic_run_feasibility_jump": False}
    assert not [w for w in recwarn if "Unrecognized options" in str(w.message)]
