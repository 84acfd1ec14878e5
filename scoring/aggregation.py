"""Score arithmetic, pure functions: no database, so every rule is property-tested on its own.

A review's total is the weighted mean of its criteria, each scaled to its maximum, out of 100.
A proposal's figures (mean, median, spread, disagreement) summarise its submitted reviews' totals.
Reviewer normalisation turns each total into a z-score within that reviewer's reviews of the call,
so a harsh and a lenient reviewer count the same; z is shown on a 0-100 scale around 50.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass

# A spread above this many points (out of 100) between a proposal's reviews flags a disagreement.
DISAGREEMENT_THRESHOLD = 20.0
# z-scores on a 0-100 scale: 50 is the reviewer's own average, each standard deviation is 15 points.
ZSCORE_CENTRE = 50.0
ZSCORE_STEP = 15.0


@dataclass(frozen=True)
class Mark:
    """One criterion's score as aggregation needs it."""

    value: float | None
    scale_max: float
    weight: float
    axis_id: int | None = None


def weighted_total(marks):
    """Weighted mean of value/scale_max, out of 100; None when a mark is missing or no weight at all."""
    marks = list(marks)
    total_weight = sum(mark.weight for mark in marks)
    if total_weight <= 0 or any(mark.value is None for mark in marks):
        return None
    score = sum(mark.weight * clamp(mark.value / mark.scale_max, 0.0, 1.0) for mark in marks)
    return clamp(100.0 * score / total_weight, 0.0, 100.0)


def axis_subscores(marks):
    """The weighted total of each axis's criteria: {axis_id: 0-100}, axes with a missing mark left out."""
    by_axis = defaultdict(list)
    for mark in marks:
        if mark.axis_id is not None:
            by_axis[mark.axis_id].append(mark)
    result = {}
    for axis_id, axis_marks in by_axis.items():
        total = weighted_total(axis_marks)
        if total is not None:
            result[axis_id] = total
    return result


def clamp(value, low, high):
    return max(low, min(high, value))


@dataclass(frozen=True)
class Summary:
    count: int
    mean: float | None
    median: float | None
    spread: float | None
    disagreement: bool


def summarise(totals):
    """Mean, median and spread (max - min) of a proposal's review totals."""
    values = [float(total) for total in totals if total is not None]
    if not values:
        return Summary(count=0, mean=None, median=None, spread=None, disagreement=False)
    spread = max(values) - min(values)
    return Summary(
        count=len(values),
        mean=sum(values) / len(values),
        median=statistics.median(values),
        spread=spread,
        disagreement=spread > DISAGREEMENT_THRESHOLD,
    )


def axis_means(axis_score_maps):
    """Mean per axis across reviews; each review gives {axis_id: score} (JSON keys may be strings)."""
    collected = defaultdict(list)
    for scores in axis_score_maps:
        for axis_id, value in (scores or {}).items():
            collected[int(axis_id)].append(float(value))
    return {axis_id: sum(values) / len(values) for axis_id, values in collected.items()}


def zscores(reviews):
    """Normalise totals per reviewer: reviews are (reviewer_id, key, total) triples.

    Returns {key: 0-100}. A reviewer with a single review or identical totals gives 50 (no
    information about their harshness): their z-score is 0.
    """
    by_reviewer = defaultdict(list)
    for reviewer_id, key, total in reviews:
        if total is not None:
            by_reviewer[reviewer_id].append((key, float(total)))
    result = {}
    for items in by_reviewer.values():
        mean = sum(total for _, total in items) / len(items)
        deviation = math.sqrt(sum((total - mean) ** 2 for _, total in items) / len(items))
        for key, total in items:
            z = (total - mean) / deviation if deviation > 1e-9 else 0.0
            result[key] = clamp(ZSCORE_CENTRE + ZSCORE_STEP * z, 0.0, 100.0)
    return result
