"""Reads of the similar projects kept by grants.similarity: one proposal's list for its staff page, and the
double-funding warnings of a set of proposals (the staff page, the ranking, the board packet). Only
proposals the viewer sees as staff are named; a pair an analyst marked is never a warning."""

from dataclasses import dataclass

from django.db.models import F, Q

from . import rules, selectors
from .models import OverlapMark, Proposal, ProposalSimilarity
from .similarity import is_double_funding_risk

SHOWN = 10


@dataclass(frozen=True)
class Similar:
    other: object
    score: float
    signals: dict
    mark: object  # the pair's OverlapMark, if any
    double_funding: bool


def _marks(pairs):
    if not pairs:
        return {}
    query = Q(pk__in=[])
    for first, second in pairs:
        query |= Q(first_id=first, second_id=second)
    return {(mark.first_id, mark.second_id): mark
            for mark in OverlapMark.objects.filter(query).select_related("by").only(
                "first_id", "second_id", "kind", "reason", "at", "by__full_name", "by__email")}


def _rows(visible, proposal_ids, limit=None):
    rows = (ProposalSimilarity.objects.filter(proposal_id__in=proposal_ids, other_id__in=visible.values("pk"))
            .exclude(other_id=F("proposal_id")).select_related("other__organisation", "other__call")
            .only("proposal_id", "score", "signals", "other__title", "other__reference", "other__state",
                  "other__requested_amount", "other__amount_granted", "other__organisation__legal_name",
                  "other__call__title", "other__call__program_id")
            .order_by("proposal_id", "-score", "other_id"))
    return list(rows[:limit] if limit else rows)


def similar_for(user, proposal):
    """The proposal's most similar projects the user may see, best first."""
    rows = _rows(selectors.staff_proposals(user), [proposal.pk], SHOWN)
    marks = _marks([OverlapMark.pair(proposal.pk, row.other_id) for row in rows])
    found = []
    for row in rows:
        mark = marks.get(OverlapMark.pair(proposal.pk, row.other_id))
        found.append(Similar(row.other, row.score, row.signals, mark,
                             mark is None and bool(is_double_funding_risk(row.signals, row.other.state))))
    return found


def double_funding(user, proposal_ids):
    """{proposal id: [Similar, …]} of the warnings among the given proposals, for the user."""
    return _warnings(selectors.staff_proposals(user), proposal_ids)


def double_funding_for_board(program_id, proposal_ids):
    """The warnings the board packet prints (it has no reader): other proposals the program's board sees."""
    return _warnings(Proposal.objects.filter(program_id=program_id, state__in=rules.BOARD_VISIBLE), proposal_ids)


def _warnings(visible, proposal_ids):
    rows = [row for row in _rows(visible, list(proposal_ids))
            if is_double_funding_risk(row.signals, row.other.state)]
    marks = _marks([OverlapMark.pair(row.proposal_id, row.other_id) for row in rows])
    found = {}
    for row in rows:
        if OverlapMark.pair(row.proposal_id, row.other_id) not in marks:
            found.setdefault(row.proposal_id, []).append(Similar(row.other, row.score, row.signals, None, True))
    return found
