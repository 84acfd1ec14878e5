"""Each proposal's submitted reviews summed up (scoring.models.ReviewFigures), kept for the ranking page.

A submitted review never changes and is never removed but with its proposal (whose figures go with it), so
the figures change only when a review is submitted: scoring.services.reviews.submit calls refresh in its
transaction. Code that writes submitted reviews in bulk (datasets, fixtures) calls rebuild afterwards
(the command rebuild_review_figures does it for a whole database), which also recomputes their calls' stored
z-scores (scoring.zscores).
Figures are always recomputed from the reviews, never incremented: a refresh repairs whatever it finds.
"""

from django.db import connection

from core.sql import table
from grants.models import Proposal

from . import zscores
from .models import CallZscores, Review, ReviewFigures

COLUMNS = ("proposal_id", "call_id", "review_count", "mean", "spread", "eliminated")


def _select(where):
    """The figures of the proposals `where` selects (SQL over p, the proposal), as the ranking reads them:
    totals as floats, their mean and spread (max - min), and whether any review failed an eliminatory
    criterion."""
    review, proposal = table(Review), table(Proposal)
    total = "CAST(r.weighted_total AS DOUBLE PRECISION)"
    return f"""
SELECT r.proposal_id, p.call_id, COUNT(*), AVG({total}), MAX({total}) - MIN({total}),
       MAX(CASE WHEN r.eliminatory_failed THEN 1 ELSE 0 END) = 1
FROM {review} r JOIN {proposal} p ON p.id = r.proposal_id
WHERE r.state = %s AND {where} GROUP BY r.proposal_id, p.call_id"""


def refresh(proposal):
    """Recompute the proposal's figures from its submitted reviews, in the caller's transaction."""
    proposal_id, call_id = proposal.pk, proposal.call_id
    # Two reviewers may submit at once: the row is locked first, so the second recomputation waits for the
    # first to commit, then reads both reviews (each statement sees what is committed when it starts).
    ReviewFigures.objects.bulk_create([ReviewFigures(proposal_id=proposal_id, call_id=call_id, review_count=0,
                                                     eliminated=False)], ignore_conflicts=True)
    figures = ReviewFigures.objects.select_for_update().get(proposal_id=proposal_id)
    with connection.cursor() as cursor:
        cursor.execute(_select("p.id = %s"), [Review.State.SUBMITTED, proposal_id])
        found = cursor.fetchone()
    if found is None:
        figures.delete()
        return None
    for name, value in zip(COLUMNS, found, strict=True):
        setattr(figures, name, value)
    figures.eliminated = bool(figures.eliminated)
    figures.save()
    return figures


def rebuild(call_ids=None):
    """Every proposal's figures, or those of the calls `call_ids`, recomputed from the reviews, then their
    calls' z-scores; returns how many proposals have figures."""
    call_ids = None if call_ids is None else list(call_ids)
    kept = ReviewFigures.objects.all() if call_ids is None else ReviewFigures.objects.filter(call_id__in=call_ids)
    kept.delete()
    # The new rows have no z-score yet: whatever fingerprint was stored no longer describes them.
    (CallZscores.objects.all() if call_ids is None else CallZscores.objects.filter(call_id__in=call_ids)).delete()
    where, params = "1 = 1", []
    if call_ids is not None:
        call_ids = list(call_ids) or [0]
        where, params = f"p.call_id IN ({', '.join(['%s'] * len(call_ids))})", call_ids
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table(ReviewFigures)} ({', '.join(COLUMNS)}) {_select(where)}",
                       [Review.State.SUBMITTED, *params])
        count = cursor.rowcount
    reviewed = ReviewFigures.objects.all() if call_ids is None else ReviewFigures.objects.filter(call_id__in=call_ids)
    for call_id in list(reviewed.order_by("call_id").values_list("call_id", flat=True).distinct()):
        zscores.refresh(call_id)
    return count
