"""Ranking a call's proposals by their reviews, in a constant number of queries.

rank_call(call, method="raw") -> list of RankRow, best first. method:
  "raw"    the mean of the submitted reviews' weighted totals;
  "zscore" the mean of the same totals normalised per reviewer within the call (0-100, 50 = the
           reviewer's own average), which corrects harsh and lenient reviewers.
Proposals that failed an eliminatory criterion in a submitted review come after the others, then
unreviewed ones; ties are broken by the mean then by the smaller request.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import FloatField, TextField
from django.db.models.functions import Cast

from grants.models import Axis, Organisation, Proposal, Territory
from grants.states import State

from . import aggregation
from .models import Review

METHODS = ("raw", "zscore")
# A two-stage call's letters of intent are not ranked: the full proposals are.
RANKED_OUT = (State.DRAFT, State.WITHDRAWN, State.INTENT_SUBMITTED, State.SHORTLISTED, State.INTENT_DECLINED)


@dataclass
class RankRow:
    proposal: Proposal
    score: float | None
    review_count: int
    mean: float | None = None
    median: float | None = None
    spread: float | None = None
    disagreement: bool = False
    eliminated: bool = False
    rank: int = 0
    # The reviews' per-axis scores as stored JSON text, decoded only when someone asks.
    axis_json: list = field(default_factory=list, repr=False)

    @cached_property
    def axis_means(self):
        """{axis id: mean of the reviews' sub-scores for that axis} (0-100)."""
        return aggregation.axis_means(json.loads(text) for text in self.axis_json if text)


def ranked_proposals(call):
    """The call's ranked proposals with organisation, primary axis and MRCs attached, in four queries.

    Related objects are loaded once each and shared between proposals (select_related and
    prefetch_related would build one copy per proposal: too slow for 10,000 proposals).
    """
    ranked = Proposal.objects.filter(call=call).exclude(state__in=RANKED_OUT)
    ids = ranked.values("pk")
    organisations = {org.pk: org for org in Organisation.objects.filter(pk__in=ranked.values("organisation_id"))}
    axes = {axis.pk: axis for axis in Axis.objects.filter(program_id=call.program_id)}
    through = Proposal.mrcs.through
    links = defaultdict(list)
    for proposal_id, territory_id in through.objects.filter(proposal__in=ids).values_list(
            "proposal_id", "territory_id"):
        links[proposal_id].append(territory_id)
    proposals = list(ranked)
    territories = Territory.objects.in_bulk({pk for pks in links.values() for pk in pks})
    shared = {}
    organisation_field = Proposal._meta.get_field("organisation")
    axis_field = Proposal._meta.get_field("primary_axis")
    for proposal in proposals:
        organisation_field.set_cached_value(proposal, organisations[proposal.organisation_id])
        axis_field.set_cached_value(proposal, axes.get(proposal.primary_axis_id))
        key = tuple(sorted(links.get(proposal.pk, ())))
        if key not in shared:
            shared[key] = prefetched(Territory, [territories[pk] for pk in key])
        proposal._prefetched_objects_cache = {"mrcs": shared[key]}
    return proposals


def prefetched(model, objects):
    """A queryset whose results are already known, as prefetch_related leaves on each instance."""
    queryset = model.objects.none()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def rank_call(call, method="raw"):
    if method not in METHODS:
        raise ValueError(f"unknown ranking method {method!r}")
    reviews = list(
        Review.objects.filter(proposal__call=call, state=Review.State.SUBMITTED)
        .exclude(proposal__state__in=RANKED_OUT)
        # Totals as floats and sub-scores as raw text: no Decimal or JSON decoding per row.
        .annotate(total=Cast("weighted_total", FloatField()), axis_text=Cast("axis_scores", TextField()))
        .values_list("pk", "proposal_id", "reviewer_id", "total", "axis_text", "eliminatory_failed")
    )
    normalised = (aggregation.zscores((reviewer, pk, total) for pk, _p, reviewer, total, _a, _e in reviews)
                  if method == "zscore" else {})
    by_proposal = defaultdict(list)
    for review in reviews:
        by_proposal[review[1]].append(review)
    rows = [_row(proposal, by_proposal.get(proposal.pk, ()), normalised, method)
            for proposal in ranked_proposals(call)]
    rows.sort(key=_order)
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def _row(proposal, reviews, normalised, method):
    summary = aggregation.summarise(total for _pk, _p, _r, total, _a, _e in reviews)
    if method == "zscore":
        values = [normalised[pk] for pk, *_rest in reviews if pk in normalised]
        score = sum(values) / len(values) if values else None
    else:
        score = summary.mean
    return RankRow(
        proposal=proposal, score=score, review_count=len(reviews), mean=summary.mean, median=summary.median,
        spread=summary.spread, disagreement=summary.disagreement,
        eliminated=any(failed for *_rest, failed in reviews),
        axis_json=[axis for _pk, _p, _r, _t, axis, _e in reviews],
    )


def _order(row):
    return (row.eliminated, row.score is None, -(row.score or 0), -(row.mean or 0),
            row.proposal.requested_amount, row.proposal.pk)
