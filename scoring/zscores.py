"""Each proposal's z-score within its call, kept so that ranking a large call by z-score need not read its reviews.

The "zscore" method (scoring.aggregation.zscores) normalises each submitted review's total by its reviewer's mean
and deviation over the call's ranked proposals, so one review more, or one proposal withdrawn, moves scores all
over the call; computing them reads every review of the call (61,000 for 21,000 proposals: 0.1 s). They are
stored (ReviewFigures.zscore) with a fingerprint of what they were computed from: the sum, over the call's ranked
proposals with a submitted review, of a 64-bit hash of the proposal's id and its count of submitted reviews. A
submitted review never changes and leaves only with its proposal, so whatever changes the scores changes a term
of that sum; a proposal filed or withdrawn without a review changes neither (a deadline's submissions leave the
stored scores fresh). The ranking computes the fingerprint from the figures it reads anyway and computes the
scores live when it differs from the stored one (scoring.ranking_pages): a score computed from other reviews
than today's is never shown.

refresh runs in a task after a review is submitted; sweep, every 5 minutes, catches the rest (a withdrawal, a
publish lost with the broker). PostgreSQL only (hashint8extended): on SQLite the ranking always computes live.
"""

from django.db import connection, transaction
from django.utils import timezone

from core.sql import table
from grants.models import Call, Proposal

from . import aggregation
from .models import CallZscores, Review, ReviewFigures
from .ranking import RANKED_OUT

# Per reviewer within the call: each total's gap to the mean of their totals, then the deviation around it
# (population, as scoring.aggregation.zscores); each review's total as a z-score on the 0-100 scale, 50
# without deviation; a proposal's score the mean of its reviews' z-scores, each held within 0-100.
# Follows a CTE "proposal" of the call's ranked proposals (their id) and takes the submitted state.
CENTRE, STEP = aggregation.ZSCORE_CENTRE, aggregation.ZSCORE_STEP
LIVE = f"""
, review AS (
    SELECT r.proposal_id, r.reviewer_id, CAST(r.weighted_total AS DOUBLE PRECISION) AS total
    FROM {{review}} r JOIN proposal ON proposal.id = r.proposal_id
    WHERE r.state = %s AND r.weighted_total IS NOT NULL
), centred AS (
    SELECT proposal_id, reviewer_id, total - AVG(total) OVER (PARTITION BY reviewer_id) AS gap FROM review
), normalised AS (
    SELECT proposal_id, CASE WHEN sd > 1e-9 THEN {CENTRE} + {STEP} * gap / sd ELSE {CENTRE} END AS z
    FROM (SELECT proposal_id, gap, SQRT(AVG(gap * gap) OVER (PARTITION BY reviewer_id)) AS sd FROM centred) spread
), zscore AS (
    SELECT proposal_id, AVG(CASE WHEN z < 0 THEN 0 WHEN z > 100 THEN 100 ELSE z END) AS score
    FROM normalised GROUP BY proposal_id
)"""


def live_sql():
    return LIVE.format(review=table(Review))


def mark(proposal_id, review_count):
    """A ranked proposal's term of the fingerprint, as SQL over the two columns' expressions (the count null
    without a submitted review: no term)."""
    return f"CASE WHEN {review_count} IS NULL THEN 0 ELSE hashint8extended({proposal_id}, {review_count}) END"


def stored():
    """Whether this database keeps z-scores (the fingerprint's hash is PostgreSQL's)."""
    return connection.vendor == "postgresql"


def _ranked(where):
    return f"SELECT p.id, p.call_id FROM {table(Proposal)} p WHERE {where} AND p.state NOT IN " \
           f"({', '.join(['%s'] * len(RANKED_OUT))})"


def refresh(call_id):
    """Compute and store the call's z-scores and their fingerprint, in one statement (one snapshot of the
    reviews); returns whether the call has some. Two refreshes of a call take turns (the CallZscores row's
    lock): the second reads what the first did not see."""
    if not stored() or not Call.objects.filter(pk=call_id).exists():
        return False
    figures, snapshots = table(ReviewFigures), table(CallZscores)
    with transaction.atomic():
        CallZscores.objects.bulk_create([CallZscores(call_id=call_id)], ignore_conflicts=True)
        CallZscores.objects.select_for_update().get(call_id=call_id)
        with connection.cursor() as cursor:
            cursor.execute(f"""
WITH proposal AS ({_ranked("p.call_id = %s")}){live_sql()}, computed AS (
    SELECT f.proposal_id, zscore.score FROM {figures} f LEFT JOIN zscore ON zscore.proposal_id = f.proposal_id
    WHERE f.call_id = %s
), written AS (
    UPDATE {figures} f SET zscore = computed.score FROM computed
    WHERE f.proposal_id = computed.proposal_id AND f.zscore IS DISTINCT FROM computed.score
)
UPDATE {snapshots} SET computed_at = %s, fingerprint = (
    SELECT COALESCE(SUM({mark("proposal.id", "f.review_count")}), 0)
    FROM proposal JOIN {figures} f ON f.call_id = %s AND f.proposal_id = proposal.id
) WHERE call_id = %s""", [call_id, *RANKED_OUT, Review.State.SUBMITTED, call_id, timezone.now(), call_id,
                          call_id])
    return True


def stale_calls():
    """The calls with submitted reviews whose stored z-scores are missing or were computed from other reviews
    or other proposals than today's."""
    if not stored():
        return []
    figures, snapshots = table(ReviewFigures), table(CallZscores)
    with connection.cursor() as cursor:
        cursor.execute(f"""
SELECT p.call_id FROM ({_ranked(f"p.call_id IN (SELECT DISTINCT call_id FROM {figures})")}) p
LEFT JOIN {figures} f ON f.call_id = p.call_id AND f.proposal_id = p.id
GROUP BY p.call_id
HAVING COALESCE(SUM({mark("p.id", "f.review_count")}), 0)
    IS DISTINCT FROM (SELECT s.fingerprint FROM {snapshots} s WHERE s.call_id = p.call_id)
ORDER BY p.call_id""", list(RANKED_OUT))
        return [row[0] for row in cursor.fetchall()]
