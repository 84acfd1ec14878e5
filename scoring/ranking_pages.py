"""A call's ranking one page at a time, ranked by the database: the ranking page and its API.

One query ranks the whole call as scoring.ranking.rank_call does (the scenarios and the board packet read
every row through it). Each proposal's submitted reviews are summed up once, when a review is submitted
(scoring.figures: a count, a mean, a spread (max - min), an eliminatory failure), so the query reads the
call's figures from one index range rather than its reviews. The "zscore" method ranks by the mean of each
proposal's totals normalised per reviewer within the call (scoring.aggregation.zscores): stored beside the
figures while they match the call's reviews (scoring.zscores), read from the reviews when they do not.
The rank is taken over the whole call in rank_call's order, except that the proposals without a submitted
review come last, after the eliminated ones, so the reviewed ones' ranks run on. Then the filters apply, then
a running total of the requests in the chosen sort, apart for the proposals with a submitted review (ranked)
and those without one (not reviewed yet); the same query counts and adds up each part and returns one page
of positions. No row of the call is read into Python: a page then reads its own proposals, their MRCs and
their reviews (medians, axis sub-scores), three queries whatever the call's size.
"""

from dataclasses import dataclass
from decimal import Decimal
from math import ceil

from django.db import connection
from django.db.models import FloatField, TextField
from django.db.models.functions import Cast

from core.sql import table
from grants.models import Organisation, Proposal, Territory

from . import aggregation, zscores
from .models import CallZscores, Review, ReviewFigures
from .ranking import METHODS, RANKED_OUT, RankRow, prefetched

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000  # ten million rows: beyond any call, within any database's integers
MAX_ID = 2**63 - 1
RANKED, UNREVIEWED = "ranked", "unreviewed"
SECTIONS = (RANKED, UNREVIEWED)
# Each sort as SQL over the ranked rows' own columns (never text from the request), the rank settling ties.
SORTS = {
    "rank": "tier, score DESC, mean_or_zero DESC, amount_order, id",  # RANK_ORDER
    "amount": "amount_order, rank",  # the request as a float, in the same order: a decimal compares slowly
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
    stored = query.method == "zscore" and zscores.stored()
    found = _fetch(*_sql(call, query, envelope_left, stored))
    if not found[0][5]:  # the stored z-scores predate a review or a withdrawal: the same page, computed live
        found = _fetch(*_sql(call, query, envelope_left, stored=False))
    count_all, count_ranked, count_unreviewed, total_requested, within_count = found[0][:5]
    figures = [row[6:] for row in found if row[6] is not None]
    return RankingPage(_lines(figures, query, envelope_left), query, count_all, count_ranked, count_unreviewed,
                       _money(total_requested), within_count)


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lines(figures, query, envelope_left):
    ids = [row[0] for row in figures]
    if not ids:
        return []
    proposals = Proposal.objects.select_related("organisation", "primary_axis").only(*SHOWN).order_by().in_bulk(ids)
    mrcs = _mrcs(ids)
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
        proposal = proposals[pk]
        proposal._prefetched_objects_cache = {"mrcs": prefetched(Territory, mrcs[pk])}
        summary = aggregation.summarise(total for total, _axis in reviews[pk])
        row = RankRow(proposal=proposal, score=score, review_count=review_count, mean=mean,
                      median=summary.median, spread=spread,
                      disagreement=spread is not None and spread > aggregation.DISAGREEMENT_THRESHOLD,
                      eliminated=bool(eliminated), rank=rank, axis_json=[axis for _total, axis in reviews[pk]])
        running = _money(running)
        lines.append({"row": row, "running": running, "within": running <= envelope_left, "mrcs": mrcs[pk],
                      "axis_score": row.axis_means.get(query.axis) if query.axis else None})
    return lines


def _mrcs(ids):
    """{proposal id: its MRCs by name}, each MRC one instance (id and name) whoever targets it."""
    found, shared = {pk: [] for pk in ids}, {}
    for proposal_id, territory_id, name in Proposal.mrcs.through.objects.filter(proposal_id__in=ids).order_by(
            "territory__name", "territory_id").values_list("proposal_id", "territory_id", "territory__name"):
        territory = shared.get(territory_id) or shared.setdefault(territory_id, Territory(pk=territory_id, name=name))
        found[proposal_id].append(territory)
    return found


def _money(value):
    """SQLite adds decimals up as floats: back to cents."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


# rank_call's order over the keyed rows: reviewed first, then not eliminated, then with a score (the tier, one
# key for the three: each key a sort compares costs, 5 ms of 30 at 19,000 proposals), best score, best mean
# (the score itself in the "raw" method: left out), smaller request. The running total in this order (SORTS)
# shares the rank's sort. The request compared as a float, in the same order (12 digits, cents apart): a
# decimal compares slowly.
RANK_ORDER = SORTS["rank"]
RAW_RANK_ORDER = "tier, score DESC, amount_order, id"


def _sql(call, query, envelope_left, stored):
    """The statement and its parameters; by z-score, `stored` reads the stored scores (scoring.zscores) and
    returns whether they are fresh, else they are computed from the reviews."""
    proposal, organisation, figures = table(Proposal), table(Organisation), table(ReviewFigures)
    zscore = query.method == "zscore"
    live = zscore and not stored
    filters, filter_params = _filters(query)
    ranked_out = ", ".join(["%s"] * len(RANKED_OUT))
    # Rows as narrow as the sort and the filters allow: the title and the organisation only when asked for.
    # The organisation's name is the proposal's copy (grants.Proposal.organisation_name), read with the rest from
    # the ranking's index; its kind, for the filter, from the organisation.
    columns = ["p.id", "p.requested_amount", "p.primary_axis_id"]
    if query.sort == "title":
        columns.append("p.title")
    if query.sort == "organisation":
        columns.append("p.organisation_name")
    joined = bool(query.kind)
    if joined:
        columns.append("o.kind AS organisation_kind")
    # What the sorts and the windows read, no more (a page's own figures are read for its rows only): each
    # column is carried through the sort, the windows and the stored rows (63 → 54 ms at 19,000 proposals).
    carried = ["id", "requested_amount", "unreviewed", "kept", "score", "tier", "amount_order",
               *(["mean_or_zero"] if zscore else []), *(["spread"] if query.sort == "spread" else []),
               *(["title"] if query.sort == "title" else []),
               *(["organisation_name"] if query.sort == "organisation" else []), *(["mark"] if stored else [])]
    score = "z.score" if live else "f.zscore" if stored else "f.mean"
    # The fingerprint's terms summed over the call's ranked proposals, against the stored one.
    fresh = (f"COALESCE(SUM(mark), 0) IS NOT DISTINCT FROM "
             f"(SELECT s.fingerprint FROM {table(CallZscores)} s WHERE s.call_id = %s)") if stored else "1 = 1"
    rank_order = RANK_ORDER if zscore else RAW_RANK_ORDER
    sort = rank_order if query.sort == "rank" else SORTS[query.sort]
    # A running total and place (the count of kept rows so far) in the chosen sort, apart for the reviewed rows
    # and those without a review. Each sort ends with the rank's order, unique: the default frame stops at the
    # current row. Every row stays in the windows (the call's count and ranks include them); only the kept ones
    # add up. The ranked part in the rank's own order, the page most asked for, needs no second sort: the
    # unreviewed rows come last there (tier 4 and over), so the reviewed rows' sums are the rank's window's,
    # taken with the rank (the unreviewed rows' are then wrong, and read by nothing): 52 → 44 ms at 21,000
    # proposals.
    kept_amount = "CASE WHEN kept = 1 THEN requested_amount ELSE 0 END"
    running = f"SUM({kept_amount}) OVER {{window}} AS running, SUM(kept) OVER {{window}} AS place"
    if query.sort == "rank" and query.section == RANKED:
        rank_windows, shown_columns, shown_window = f", {running.format(window='by_rank')}", "running, place", ""
    else:
        rank_windows, shown_columns = "", running.format(window="sorted_part")
        shown_window = f"WINDOW sorted_part AS (PARTITION BY unreviewed ORDER BY {sort})"
    sql = f"""
WITH proposal AS (
    SELECT {", ".join(columns)}
    FROM {proposal} p {f"JOIN {organisation} o ON o.id = p.organisation_id" if joined else ""}
    WHERE p.call_id = %s AND p.state NOT IN ({ranked_out})
){zscores.live_sql() if live else ""}, keyed AS (
    SELECT proposal.*, f.spread, {score} AS score,
           {f"{zscores.mark('proposal.id', 'f.review_count')} AS mark," if stored else ""}
           CASE WHEN f.review_count IS NULL THEN 1 ELSE 0 END AS unreviewed,
           CASE WHEN f.review_count IS NULL THEN 4 ELSE 0 END + CASE WHEN f.eliminated THEN 2 ELSE 0 END
               + CASE WHEN {score} IS NULL THEN 1 ELSE 0 END AS tier,
           COALESCE(f.mean, 0) AS mean_or_zero, CAST(proposal.requested_amount AS DOUBLE PRECISION) AS amount_order,
           CASE WHEN {" AND ".join(filters)} THEN 1 ELSE 0 END AS kept
    FROM proposal LEFT JOIN {figures} f ON f.call_id = %s AND f.proposal_id = proposal.id
    {"LEFT JOIN zscore z ON z.proposal_id = proposal.id" if live else ""}
), ranked AS (
    SELECT {", ".join(carried)}, ROW_NUMBER() OVER by_rank AS rank{rank_windows}
    FROM keyed WINDOW by_rank AS (ORDER BY {rank_order})
), shown AS (
    SELECT id, rank, score, requested_amount, unreviewed, kept, {"mark," if stored else ""} {shown_columns}
    FROM ranked {shown_window}
), totals AS (
    SELECT COUNT(*) AS count_all, COALESCE(SUM(kept * (1 - unreviewed)), 0) AS count_ranked,
           COALESCE(SUM(kept * unreviewed), 0) AS count_unreviewed,
           COALESCE(SUM(CASE WHEN kept = 1 AND unreviewed = %s THEN requested_amount END), 0) AS total_requested,
           COALESCE(SUM(CASE WHEN kept = 1 AND unreviewed = %s AND running <= CAST(%s AS NUMERIC) THEN 1 END), 0)
               AS within_count,
           CASE WHEN {fresh} THEN 1 ELSE 0 END AS fresh
    FROM shown
), page AS (
    SELECT shown.id, rank, COALESCE(f.review_count, 0) AS review_count, f.mean, f.spread,
           CASE WHEN f.eliminated THEN 1 ELSE 0 END AS eliminated, score, running, place
    FROM shown LEFT JOIN {figures} f ON f.call_id = %s AND f.proposal_id = shown.id
    WHERE kept = 1 AND unreviewed = %s AND place > %s AND place <= %s
)
SELECT totals.*, page.id, page.rank, page.review_count, page.mean, page.spread, page.eliminated, page.score,
       page.running
FROM totals LEFT JOIN page ON 1 = 1 ORDER BY page.place"""
    offset = (query.page - 1) * query.size
    section = 0 if query.section == RANKED else 1
    params = [call.pk, *RANKED_OUT, *([Review.State.SUBMITTED] if live else []), *filter_params, call.pk,
              section, section, envelope_left, *([call.pk] if stored else []), call.pk, section, offset,
              offset + query.size]
    return sql, params


def _filters(query):
    """The filters as SQL conditions on the keyed rows, and their parameters."""
    mrcs = table(Proposal.mrcs.through)
    filters, params = ["1 = 1"], []
    if query.mrc:
        # One read of the MRC's proposals, hashed, rather than a probe per proposal of the call.
        filters.append(f"proposal.id IN (SELECT m.proposal_id FROM {mrcs} m WHERE m.territory_id = %s)")
        params.append(query.mrc)
    if query.axis:
        filters.append("primary_axis_id = %s")
        params.append(query.axis)
    if query.kind:
        filters.append("organisation_kind = %s")
        params.append(query.kind)
    return filters, params
