import statistics
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from scoring import aggregation
from scoring.aggregation import Mark
from scoring.services import reviews
from tests.scoring.reviewing import active_review, answers_for, reviewer_in, rubric_for, submitted_proposal

scales = st.sampled_from([1, 4, 5, 10, 20])


@st.composite
def marks(draw, min_size=1):
    count = draw(st.integers(min_value=min_size, max_value=8))
    result = []
    for _ in range(count):
        scale = draw(scales)
        value = draw(st.floats(min_value=0, max_value=scale, allow_nan=False))
        weight = draw(st.floats(min_value=0.1, max_value=10, allow_nan=False))
        result.append(Mark(value=value, scale_max=scale, weight=weight, axis_id=draw(st.sampled_from([None, 1, 2]))))
    return result


@given(marks())
def test_weighted_total_stays_within_0_and_100(items):
    total = aggregation.weighted_total(items)
    assert 0 <= total <= 100


@given(marks(), st.data())
def test_weighted_total_is_monotone_in_each_score(items, data):
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    mark = items[index]
    higher = data.draw(st.floats(min_value=mark.value, max_value=mark.scale_max, allow_nan=False))
    raised = [*items[:index], Mark(higher, mark.scale_max, mark.weight, mark.axis_id), *items[index + 1:]]
    assert aggregation.weighted_total(raised) >= aggregation.weighted_total(items) - 1e-9


def test_weighted_total_extremes_and_weights():
    assert aggregation.weighted_total([Mark(5, 5, 1), Mark(10, 10, 3)]) == 100
    assert aggregation.weighted_total([Mark(0, 5, 1), Mark(0, 10, 3)]) == 0
    # 2/5 with weight 3 and 10/10 with weight 1: (3 * 0.4 + 1 * 1) / 4 = 55 %.
    assert abs(aggregation.weighted_total([Mark(2, 5, 3), Mark(10, 10, 1)]) - 55) < 1e-9


def test_weighted_total_is_none_while_a_score_is_missing():
    assert aggregation.weighted_total([Mark(3, 5, 1), Mark(None, 5, 1)]) is None
    assert aggregation.weighted_total([]) is None


def test_axis_subscores_group_criteria_of_each_axis():
    result = aggregation.axis_subscores([Mark(5, 5, 1, 7), Mark(0, 5, 1, 7), Mark(2, 10, 1, 8), Mark(1, 5, 1)])
    assert result == {7: 50.0, 8: 20.0}


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=12))
def test_summary_mean_median_and_spread(totals):
    summary = aggregation.summarise(totals)
    assert abs(summary.mean - statistics.fmean(totals)) < 1e-9
    assert summary.median == statistics.median(totals)
    assert summary.spread == max(totals) - min(totals)
    assert summary.disagreement == (summary.spread > aggregation.DISAGREEMENT_THRESHOLD)
    assert min(totals) <= summary.median <= max(totals)


def test_summary_of_no_review_is_empty():
    summary = aggregation.summarise([None])
    assert summary.count == 0 and summary.mean is None and not summary.disagreement


reviews_strategy = st.lists(
    st.tuples(st.integers(min_value=1, max_value=4), st.floats(min_value=0, max_value=100, allow_nan=False)),
    min_size=1, max_size=20,
)


@given(reviews_strategy, st.integers(min_value=1, max_value=4),
       st.floats(min_value=0.2, max_value=5), st.floats(min_value=-50, max_value=50))
def test_zscores_ignore_an_affine_shift_of_one_reviewer(items, shifted, scale, offset):
    triples = [(reviewer, key, total) for key, (reviewer, total) in enumerate(items)]
    moved = [(reviewer, key, total * scale + offset if reviewer == shifted else total)
             for reviewer, key, total in triples]
    # Skip near-degenerate inputs where float rounding decides whether a reviewer's spread is zero.
    for reviewer in {r for r, _k, _t in triples}:
        values = [t for r, _k, t in triples if r == reviewer]
        assume(len(values) == 1 or max(values) - min(values) == 0 or statistics.pstdev(values) > 1e-3)
    before, after = aggregation.zscores(triples), aggregation.zscores(moved)
    assert before.keys() == after.keys()
    for key in before:
        assert abs(before[key] - after[key]) < 1e-6
        assert 0 <= before[key] <= 100


def test_zscores_put_each_reviewer_on_a_common_scale():
    harsh = [(1, "a", 20), (1, "b", 40)]
    lenient = [(2, "c", 80), (2, "d", 100)]
    result = aggregation.zscores(harsh + lenient)
    assert result["a"] == result["c"] == 35.0
    assert result["b"] == result["d"] == 65.0
    assert aggregation.zscores([(3, "alone", 90)]) == {"alone": 50.0}


def test_axis_means_average_each_axis_across_reviews():
    assert aggregation.axis_means([{"1": 40, "2": 10}, {"1": 60}, {}]) == {1: 50.0, 2: 10.0}


def test_recompute_stores_total_axis_scores_and_eliminatory_result(world):
    rubric = rubric_for(world.call)
    axes = [c.axis_id for c in rubric.criteria.filter(section="axis").order_by("order")]
    proposal = submitted_proposal(world)
    review = active_review(proposal, world.reviewer, world.analyst)
    answers = answers_for(review, 1)
    for score in review.scores.select_related("criterion"):
        if score.criterion.axis_id == axes[1]:
            answers[score.criterion_id]["value"] = Decimal("0")
    saved = reviews.save_draft(review, world.reviewer, scores=answers)
    # Weights 2 (5/5), 1 (0/5), 1 (10/10): 3/4 of the points.
    assert saved.weighted_total == Decimal("75.00")
    assert saved.axis_scores == {str(axes[0]): 100.0, str(axes[1]): 0.0}
    assert saved.eliminatory_failed is False
    failed = reviews.save_draft(saved, world.reviewer, scores=answers_for(saved, 1, passed=False))
    assert failed.eliminatory_failed is True


def test_draft_total_is_empty_until_every_score_is_given(world):
    rubric_for(world.call)
    review = active_review(submitted_proposal(world), world.reviewer, world.analyst)
    answers = answers_for(review, 0.5)
    first = next(iter(k for k, v in answers.items() if "value" in v))
    answers[first]["value"] = None
    assert reviews.save_draft(review, world.reviewer, scores=answers).weighted_total is None
    assert review.scores.count() == 4
    assert reviewer_in(world.program) is not None
