"""A call's ranking one page at a time, ranked by the database: the ranking page and its API.

One query ranks the whole call as scoring.ranking.rank_call does (the scenarios and the board packet read
every row through it): each proposal's submitted reviews give a count, a mean, a spread (max - min), an
eliminatory failure and, with the "zscore" method, the mean of its totals normalised per reviewer within the
call (scoring.aggregation.zscores). The rank is taken over the whole call in rank_call's order, except that
the proposals without a submitted review come last, after the eliminated ones, so the reviewed ones' ranks
run on. Then the filters apply, then a running total of the requests in the chosen sort, apart for the
proposals with a submitted review (ranked) and those without one (not reviewed yet); the same query counts
and adds up each part and returns one page of positions. No row of the call is read into Python: a page
then reads its own proposals, their MRCs and their reviews (medians, axis sub-scores), three queries
whatever the call's size.
"""

from dataclasses import dataclass
from decimal import Decimal
from math import ceil

from django.db import connection
from django.db.models import FloatField, Prefetch, TextField
from django.db.models.functions import Cast

from grants.models import Organisation, Proposal, Territory

from . import aggregation
from .models import Review
from .ranking import METHODS, RANKED_OUT, RankRow

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000  # ten million rows: beyond any call, within any database's integers
MAX_ID = 2**63 - 1
RANKED, UNREVIEWED = "ranked", "unreviewed"
SECTIONS = (RANKED, UNREVIEWED)
# Each sort as SQL over the ranked rows' own columns (never text from the request), the rank settling ties.
SORTS = {
    "rank": "rank",
    "amount": "requested_amount, rank",
    "title": "LOWER(title), rank",
    "organisation": "LOWER(organisation_name), rank",
    "spread": "COALESCE(spread, 0) DESC, rank",
}
SHOWN = ("title", "reference", "state", "requested_amount", "organisation__legal_name", "organisation__kind",
         "primary_axis__code")


@dataclass(frozen=True)
class Query:
    """What to show: the method, the sort, the filters (MRC, primary axis, kind of organisation), the part
    (ranked or not reviewed yet) and the page (from 1)."""

    method: str = "raw"
    sort: str = "rank"
    mrc: int | None = None
    axis: int | None = None
    kind: str = ""
    section: str = RANKED
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def read(cls, params):
        """The page's reading of its query string: a value it cannot read is left out (the API says 400)."""
        def number(name, most=MAX_ID):
            value = params.get(name, "")
            return int(value) if value.isdigit() and 0 < int(value) <= most else None

        def choice(name, allowed, default):
            return params.get(name) if params.get(name) in allowed else default

        return cls(method=choice("method", METHODS, "raw"), sort=choice("sort", SORTS, "rank"), mrc=number("mrc"),
                   axis=number("axis"), kind=choice("kind", Organisation.Kind.values, ""),
                   section=choice("section", SECTIONS, RANKED), page=number("page", MAX_PAGE) or 1)


@dataclass
class RankingPage:
    lines: list  # {"row": RankRow, "running": Decimal, "within": bool, "axis_score": float | None}
    query: Query
    count_all: int  # the call's ranked proposals (drafts and withdrawn ones left out), before the filters
    count_ranked: int  # with a submitted review, after the filters
    count_unreviewed: int  # without one, after the filters
    total_requested: Decimal  # requests of the section's rows after the filters, every page
    within_count: int  # rows of the section whose running total fits in the envelope left

    @property
    def count(self):
        return self.count_ranked if self.query.section == RANKED else self.count_unreviewed

    @property
    def pages(self):
        return max(1, ceil(self.count / self.query.size))

    @property
    def has_next(self):
        return self.query.page < self.pages

    @property
    def has_previous(self):
        return self.query.page > 1

    @property
    def previous_page(self):
        return self.query.page - 1

    @property
    def next_page(self):
        return self.query.page + 1

    @property
    def first_position(self):
        return (self.query.page - 1) * self.query.size + 1

    @property
    def last_position(self):
        return self.first_position + len(self.lines) - 1


def ranking_page(call, query, envelope_left):
    """One page of the call's ranking as `query` asks, each row's running total held against
    `envelope_left` (what the program has not granted yet)."""
    sql, params = _sql(call, query, envelope_left)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    count_all, count_ranked, count_unreviewed, total_requested, within_count = found[0][:5]
    figures = [row[5:] for row in found if row[5] is not None]
    return RankingPage(_lines(figures, query, envelope_left), query, count_all, count_ranked, count_unreviewed,
                       _money(total_requested), within_count)


def _lines(figures, query, envelope_left):
    ids = [row[0] for row in figures]
    if not ids:
        return []
    proposals = Proposal.objects.select_related("organisation", "primary_axis").only(*SHOWN).prefetch_related(
        Prefetch("mrcs", queryset=Territory.objects.only("name").order_by("name"))).order_by().in_bulk(ids)
    reviews = {pk: [] for pk in ids}
    for proposal_id, total, axis_text in (
            Review.objects.filter(proposal_id__in=ids, state=Review.State.SUBMITTED).order_by()
            .annotate(total=Cast("weighted_total", FloatField()), axis_text=Cast("axis_scores", TextField()))
            .values_list("proposal_id", "total", "axis_text")):
        reviews[proposal_id].append((total, axis_text))
    lines = []
    for pk, rank, review_count, mean, spread, eliminated, score, running in figures:
        if pk not in proposals:  # deleted since the ranking was read
            continue
        summary = aggregation.summarise(total for total, _axis in reviews[pk])
        row = RankRow(proposal=proposals[pk], score=score, review_count=review_count, mean=mean,
                      median=summary.median, spread=spread,
                      disagreement=spread is not None and spread > aggregation.DISAGREEMENT_THRESHOLD,
                      eliminated=bool(eliminated), rank=rank, axis_json=[axis for _total, axis in reviews[pk]])
        running = _money(running)
        lines.append({"row": row, "running": running, "within": running <= envelope_left,
                      "axis_score": row.axis_means.get(query.axis) if query.axis else None})
    return lines


def _money(value):
    """SQLite adds decimals up as floats: back to cents."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


# Per reviewer within the call: the mean of their totals, then the deviation around it (population, as
# scoring.aggregation.zscores); each review's total as a z-score on the 0-100 scale, 50 without deviation.
CENTRE, STEP = aggregation.ZSCORE_CENTRE, aggregation.ZSCORE_STEP
ZSCORE = f"""
, reviewer AS (
    SELECT reviewer_id, AVG(total) AS mean FROM review WHERE total IS NOT NULL GROUP BY reviewer_id
), deviation AS (
    SELECT review.reviewer_id, reviewer.mean, SQRT(AVG((total - reviewer.mean) * (total - reviewer.mean))) AS sd
    FROM review JOIN reviewer ON reviewer.reviewer_id = review.reviewer_id
    WHERE total IS NOT NULL GROUP BY review.reviewer_id, reviewer.mean
), normalised AS (
    SELECT review.*, CASE WHEN total IS NULL THEN NULL WHEN deviation.sd > 1e-9
                          THEN {CENTRE} + {STEP} * (total - deviation.mean) / deviation.sd ELSE {CENTRE} END AS z
    FROM review LEFT JOIN deviation ON deviation.reviewer_id = review.reviewer_id
)"""
CLAMPED_Z = "AVG(CASE WHEN z < 0 THEN 0 WHEN z > 100 THEN 100 ELSE z END)"


def _sql(call, query, envelope_left):
    proposal, organisation, review = _table(Proposal), _table(Organisation), _table(Review)
    zscore = query.method == "zscore"
    filters, filter_params = _filters(query)
    sort = SORTS[query.sort]
    ranked_out = ", ".join(["%s"] * len(RANKED_OUT))
    section = 1 if query.section == RANKED else 0
    # Rows as narrow as the sort and the filters allow: the title and the organisation only when asked for.
    # Each sort ends with the rank, unique: the running total's default frame stops at the current row.
    columns = ["p.id", "p.requested_amount", "p.primary_axis_id"]
    if query.sort == "title":
        columns.append("p.title")
    joined = query.sort == "organisation" or query.kind
    if joined:
        columns += ["o.legal_name AS organisation_name", "o.kind AS organisation_kind"]
    sql = f"""
WITH proposal AS (
    SELECT {", ".join(columns)}
    FROM {proposal} p {f"JOIN {organisation} o ON o.id = p.organisation_id" if joined else ""}
    WHERE p.call_id = %s AND p.state NOT IN ({ranked_out})
), review AS (
    SELECT r.proposal_id, r.reviewer_id, CAST(r.weighted_total AS DOUBLE PRECISION) AS total,
           CASE WHEN r.eliminatory_failed THEN 1 ELSE 0 END AS failed
    FROM {review} r JOIN {proposal} p ON p.id = r.proposal_id
    WHERE r.state = %s AND p.call_id = %s AND p.state NOT IN ({ranked_out})
){ZSCORE if zscore else ""}, figures AS (
    SELECT proposal_id, COUNT(*) AS review_count, AVG(total) AS mean, MAX(total) - MIN(total) AS spread,
           MAX(failed) AS eliminated, {CLAMPED_Z if zscore else "AVG(total)"} AS score
    FROM {"normalised" if zscore else "review"} GROUP BY proposal_id
), ranked AS (
    SELECT proposal.*, COALESCE(f.review_count, 0) AS review_count, f.mean, f.spread,
           COALESCE(f.eliminated, 0) AS eliminated, f.score,
           ROW_NUMBER() OVER (ORDER BY f.review_count IS NULL, COALESCE(f.eliminated, 0), f.score IS NULL,
                              f.score DESC, COALESCE(f.mean, 0) DESC, proposal.requested_amount, proposal.id) AS rank
    FROM proposal LEFT JOIN figures f ON f.proposal_id = proposal.id
), shown AS (
    SELECT id, rank, review_count, mean, spread, eliminated, score, requested_amount,
           CASE WHEN review_count > 0 THEN 1 ELSE 0 END AS reviewed,
           SUM(requested_amount) OVER sorted_part AS running, ROW_NUMBER() OVER sorted_part AS place
    FROM ranked WHERE {" AND ".join(filters)}
    WINDOW sorted_part AS (PARTITION BY review_count > 0 ORDER BY {sort})
), totals AS (
    SELECT (SELECT COUNT(*) FROM ranked) AS count_all, COALESCE(SUM(reviewed), 0) AS count_ranked,
           COUNT(*) - COALESCE(SUM(reviewed), 0) AS count_unreviewed,
           COALESCE(SUM(CASE WHEN reviewed = %s THEN requested_amount END), 0) AS total_requested,
           COALESCE(SUM(CASE WHEN reviewed = %s AND running <= CAST(%s AS NUMERIC) THEN 1 END), 0) AS within_count
    FROM shown
), page AS (
    SELECT id, rank, review_count, mean, spread, eliminated, score, running, place FROM shown
    WHERE reviewed = %s AND place > %s AND place <= %s
)
SELECT totals.*, page.id, page.rank, page.review_count, page.mean, page.spread, page.eliminated, page.score,
       page.running
FROM totals LEFT JOIN page ON 1 = 1 ORDER BY page.place"""
    offset = (query.page - 1) * query.size
    params = [call.pk, *RANKED_OUT, Review.State.SUBMITTED, call.pk, *RANKED_OUT, *filter_params,
              section, section, envelope_left, section, offset, offset + query.size]
    return sql, params


def _filters(query):
    """The filters as SQL conditions on the ranked rows, and their parameters."""
    mrcs = _table(Proposal.mrcs.through)
    filters, params = ["1 = 1"], []
    if query.mrc:
        filters.append(f"EXISTS (SELECT 1 FROM {mrcs} m WHERE m.proposal_id = ranked.id AND m.territory_id = %s)")
        params.append(query.mrc)
    if query.axis:
        filters.append("primary_axis_id = %s")
        params.append(query.axis)
    if query.kind:
        filters.append("organisation_kind = %s")
        params.append(query.kind)
    return filters, params
