"""PROVISIONAL stub: the scoring work ranks a call's proposals here.

rank_call(call, method="raw") -> list of rows, best first, each with at least:
  proposal (with organisation, primary_axis, mrcs prefetched), score (0-100 or None), review_count.
method: "raw" (mean of weighted totals) or "zscore" (reviewer-normalised).
"""


def rank_call(call, method="raw"):
    return []
