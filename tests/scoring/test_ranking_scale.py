"""The ranking page at scale: pages of ranks computed in SQL agree row for row with rank_call (the Python
ranking the scenarios use), the ranked and the not-yet-reviewed proposals apart, the same queries at 10 and
200 proposals, and indexes under the ranking and commitments queries on PostgreSQL."""

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Organisation, Proposal
from scoring import figures, ranking
from scoring.models import Review, ReviewerAssignment
from scoring.ranking_pages import RANKED, UNREVIEWED, Query, ranking_page
from scoring.services.decisions import commitments
from tests import factories
from tests.scoring.decisions_setup import rubric_of

pytestmark = pytest.mark.django_db
STATES = ["submitted", "under_analysis", "under_analysis", "recommended", "funded", "draft", "withdrawn"]


def seed(world, count, *, call=None, rng=None, mrcs=(), axes=()):
    """`count` proposals in bulk in various states, each with up to three reviews (mostly submitted) from
    harsh and lenient reviewers, some failing an eliminatory criterion."""
    rng = rng or random.Random(count)
    call = call or world.call
    cooperative = factories.OrganisationFactory(kind=Organisation.Kind.COOPERATIVE, legal_name="Coop du Nord")
    organisations = [world.organisation, world.other_organisation, cooperative]
    reviewers = [factories.UserFactory() for _ in range(5)]
    level = {reviewer.pk: rng.uniform(35, 75) for reviewer in reviewers}
    proposals = Proposal.objects.bulk_create([Proposal(
        call=call, organisation=rng.choice(organisations), title=f"{rng.choice('abcdefgh')} projet {index}",
        state=state, requested_amount=Decimal(rng.randrange(10, 100) * 500), primary_axis=rng.choice([*axes, None]),
        amount_granted=Decimal("10000") if state == "funded" else None,
        suggested_amount=Decimal("7500") if state == "recommended" else None,
    ) for index, state in ((index, rng.choice(STATES)) for index in range(count))])
    Proposal.mrcs.through.objects.bulk_create([
        Proposal.mrcs.through(proposal_id=proposal.pk, territory_id=mrc.pk)
        for proposal in proposals for mrc in rng.sample(list(mrcs), rng.randint(0, len(mrcs)))])
    assignments = ReviewerAssignment.objects.bulk_create([
        ReviewerAssignment(proposal=proposal, reviewer=reviewer, state="active")
        for proposal in proposals for reviewer in rng.sample(reviewers, rng.choice([0, 1, 2, 3, 3]))])
    rubric = rubric_of(call)
    Review.objects.bulk_create([Review(
        assignment=assignment, proposal=assignment.proposal, reviewer=assignment.reviewer, rubric=rubric,
        state=rng.choice(["submitted"] * 5 + ["draft"]), eliminatory_failed=rng.random() < 0.05,
        weighted_total=Decimal(str(round(min(100.0, max(0.0, rng.gauss(level[assignment.reviewer_id], 15))), 2))),
        axis_scores={str(axis.pk): rng.randint(0, 100) for axis in axes[:1]},
    ) for assignment in assignments])
    figures.rebuild([call.pk])  # reviews written in bulk, as datasets do
    return proposals


def walk(call, query, left):
    """Every line of one section, page after page."""
    lines, number = [], 1
    while True:
        page = ranking_page(call, replace(query, page=number), left)
        lines += page.lines
        if not page.has_next:
            return lines, page
        number += 1


# What the page promises, written out over rank_call's rows: the sort's key then the rank.
EXPECTED_ORDER = {
    "rank": lambda row: row.rank,
    "amount": lambda row: (row.proposal.requested_amount, row.rank),
    "title": lambda row: (row.proposal.title.lower(), row.rank),
    "organisation": lambda row: (row.proposal.organisation.legal_name.lower(), row.rank),
    "spread": lambda row: (-(row.spread or 0), row.rank),
}


def expected(rows, *, sort="rank", mrc=None, axis=None, kind="", reviewed=True):
    kept = [row for row in rows if (row.review_count > 0) == reviewed
            and (not mrc or mrc in {territory.pk for territory in row.proposal.mrcs.all()})
            and (not axis or row.proposal.primary_axis_id == axis)
            and (not kind or row.proposal.organisation.kind == kind)]
    return sorted(kept, key=EXPECTED_ORDER[sort])


@pytest.fixture
def seeded(world):
    mrcs = [factories.MrcFactory(parent=world.program.region) for _ in range(3)]
    axes = [factories.AxisFactory(program=world.program) for _ in range(2)]
    seed(world, 90, mrcs=mrcs, axes=axes)
    seed(world, 15, call=factories.CallFactory(program=world.program), mrcs=mrcs)  # another call: never shown
    return mrcs, axes


@pytest.mark.parametrize("method", ranking.METHODS)
def test_pages_rank_the_call_with_the_figures_of_rank_call(world, seeded, method):
    rows = ranking.rank_call(world.call, method)
    left = Decimal("250000")
    lines, page = walk(world.call, Query(method=method, size=7), left)
    ranked = expected(rows)
    # rank_call's order, its ranks running on over the eliminated ones (the unreviewed come after them here).
    assert [(line["row"].proposal.pk, line["row"].rank) for line in lines] == [
        (row.proposal.pk, rank) for rank, row in enumerate(ranked, start=1)]
    assert any(row.eliminated for row in ranked) and any(not row.review_count for row in rows)
    running = Decimal("0")
    for line, row in zip(lines, ranked, strict=True):
        shown = line["row"]
        assert shown.score == pytest.approx(row.score) and shown.mean == pytest.approx(row.mean)
        assert shown.median == pytest.approx(row.median) and shown.spread == pytest.approx(row.spread)
        assert (shown.review_count, shown.eliminated, shown.disagreement) == (
            row.review_count, row.eliminated, row.disagreement)
        assert shown.axis_means == pytest.approx(row.axis_means)
        running += row.proposal.requested_amount
        assert (line["running"], line["within"]) == (running, running <= left)
    assert page.count_all == len(rows) and page.count_ranked == len(ranked)
    assert page.total_requested == running
    assert page.within_count == sum(line["within"] for line in lines) > 0


def test_proposals_without_a_submitted_review_are_apart_and_unranked_ones_counted(world, seeded):
    rows = ranking.rank_call(world.call)
    lines, page = walk(world.call, Query(section=UNREVIEWED, sort="amount", size=4), Decimal("0"))
    waiting = expected(rows, sort="amount", reviewed=False)
    assert waiting and [line["row"].proposal.pk for line in lines] == [row.proposal.pk for row in waiting]
    assert all(line["row"].review_count == 0 and line["row"].score is None for line in lines)
    assert (page.count_ranked, page.count_unreviewed) == (len(expected(rows)), len(waiting))
    assert page.total_requested == sum(row.proposal.requested_amount for row in waiting)


def test_every_sort_and_filter_orders_and_totals_as_promised(world, seeded):
    mrcs, axes = seeded
    rows = ranking.rank_call(world.call)
    cases = [{"sort": sort} for sort in EXPECTED_ORDER] + [
        {"mrc": mrcs[0].pk}, {"axis": axes[1].pk, "sort": "amount"}, {"kind": Organisation.Kind.COOPERATIVE},
        {"mrc": mrcs[2].pk, "kind": Organisation.Kind.NONPROFIT, "sort": "spread"}]
    for case in cases:
        lines, page = walk(world.call, Query(size=9, **case), Decimal("100000"))
        wanted = expected(rows, **case)
        assert [line["row"].proposal.pk for line in lines] == [row.proposal.pk for row in wanted], case
        assert [line["running"] for line in lines] == [
            sum((row.proposal.requested_amount for row in wanted[:index + 1]), Decimal("0"))
            for index in range(len(wanted))], case
        assert page.count == len(wanted), case


def test_the_page_shows_one_page_of_ranks_with_its_figures_and_links(client, world, seeded):
    client.force_login(world.analyst)
    url = reverse("scoring:ranking", args=[world.call.pk])
    first = client.get(url, {"sort": "amount"})
    page = first.context["page"]
    assert len(first.context["table"]) == min(50, page.count_ranked) and page.pages == -(-page.count_ranked // 50)
    content = first.content.decode()
    assert "Enveloppe restante" in content and "Tiennent dans l'enveloppe restante" in content
    assert f"Sans évaluation déposée : {page.count_unreviewed}" in content
    assert reverse("scoring:scenario_list", args=[world.call.pk]) in content
    waiting = client.get(url, {"section": UNREVIEWED})
    assert waiting.context["page"].count == page.count_unreviewed
    assert "Demandes sans évaluation déposée" in waiting.content.decode()
    assert {line["row"].review_count for line in waiting.context["table"]} == {0}


def test_a_second_page_continues_the_first(client, world):
    seed(world, 160, mrcs=[factories.MrcFactory(parent=world.program.region)])
    client.force_login(world.manager)
    url = reverse("scoring:ranking", args=[world.call.pk])
    first = client.get(url)
    assert first.context["page"].has_next and "page=2" in first.content.decode()
    second = client.get(url, {"page": 2}).context["table"]
    ranks = [line["row"].rank for line in first.context["table"] + second]
    assert ranks == list(range(1, len(ranks) + 1))
    assert second[0]["running"] == first.context["table"][-1]["running"] + second[0]["row"].proposal.requested_amount
    assert client.get(url, {"page": 99}).context["table"] == []  # past the end: an empty page, not an error


def test_the_api_pages_the_ranking_with_the_pages_figures(client, world, seeded):
    client.force_login(world.analyst)
    api = f"/api/v1/calls/{world.call.pk}/ranking/"
    body = client.get(api, {"page_size": 10, "sort": "amount"}).json()
    page = ranking_page(world.call, Query(sort="amount", size=10), Decimal(body["envelope_left"]))
    assert [row["proposal"] for row in body["rows"]] == [line["row"].proposal.pk for line in page.lines]
    assert (body["count"], body["count_ranked"], body["count_unreviewed"], body["within_envelope_count"]) == (
        page.count, page.count_ranked, page.count_unreviewed, page.within_count)
    assert body["previous"] is None and "page=2" in body["next"] and "page_size=10" in body["next"]
    second = client.get(body["next"]).json()
    assert second["page"] == 2 and second["rows"][0]["rank"] not in {row["rank"] for row in body["rows"]}
    assert client.get(api, {"page": 1000}).status_code == 404
    for query in ("page=0", "page=100001", "page_size=201", "section=all"):
        assert client.get(f"{api}?{query}").status_code == 400


PAGES = {
    "page": lambda world: reverse("scoring:ranking", args=[world.call.pk]),
    "page, z-scores by organisation": lambda world: reverse("scoring:ranking", args=[world.call.pk])
    + "?method=zscore&sort=organisation",
    "page, not reviewed": lambda world: reverse("scoring:ranking", args=[world.call.pk]) + "?section=unreviewed",
    "API": lambda world: f"/api/v1/calls/{world.call.pk}/ranking/?page_size=200",
    "commitments": lambda world: reverse("scoring:commitments", args=[world.program.pk]),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_same_queries_at_10_and_200_proposals(client, world, page):
    mrcs = [factories.MrcFactory(parent=world.program.region) for _ in range(2)]
    axes = [factories.AxisFactory(program=world.program)]
    client.force_login(world.manager)
    url = PAGES[page](world)

    def queries(count):
        seed(world, count, rng=random.Random(count), mrcs=mrcs, axes=axes)
        client.get(url)  # warm the session and the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(10) == queries(200)


@pytest.mark.postgres
def test_the_ranking_and_commitments_read_indexes_not_the_proposals_table(world, require_postgres):
    """EXPLAIN at a seeded size (several programs, thousands of proposals and reviews; enable_seqscan stays
    on: the planner chooses)."""
    rng = random.Random(17)
    for _ in range(8):
        seed(world, 600, call=factories.CallFactory(program=factories.ProgramFactory()), rng=rng)
    seed(world, 300, rng=rng, mrcs=[factories.MrcFactory(parent=world.program.region)])
    with connection.cursor() as cursor:
        for table in ("grants_proposal", "scoring_review", "scoring_reviewfigures", "grants_proposal_mrcs",
                      "grants_organisation"):
            cursor.execute(f"ANALYZE {table}")
    with CaptureQueriesContext(connection) as captured:
        for method in ranking.METHODS:
            assert ranking_page(world.call, Query(method=method, sort="organisation"), Decimal("1000")).lines
        ranking_page(world.call, Query(section=UNREVIEWED, page=2, mrc=1), Decimal("0"))
        assert commitments(world.program)["committed"] > 0
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # The reviews are read through review_ranking_idx once the table is large (an index-only scan at 200,000
        # reviews); at this size the planner rightly reads their few pages in a row.
        assert "Seq Scan on grants_proposal " not in plan + " ", (query["sql"], plan)
        if "grants_proposal" in query["sql"]:
            assert "Index" in plan, (query["sql"], plan)
        if "scoring_reviewfigures" in query["sql"]:  # the call's figures, one index range: never every call's
            assert "review_figures_call_idx" in plan and "Seq Scan on scoring_reviewfigures" not in plan, plan


def test_the_page_reads_what_it_can_of_its_query_string(client, world):
    assert Query.read({}) == Query(method="raw", sort="rank", section=RANKED, page=1)
    assert Query.read({"section": "nonsense", "page": "x", "mrc": "-2", "sort": "best"}) == Query()
    huge = "9" * 30  # beyond any database's integers: left out, not a 500
    assert Query.read({"page": huge, "mrc": huge, "axis": "12"}) == Query(axis=12)
    client.force_login(world.analyst)
    url = reverse("scoring:ranking", args=[world.call.pk])
    assert client.get(url, {"page": huge, "mrc": huge, "section": UNREVIEWED}).status_code == 200
