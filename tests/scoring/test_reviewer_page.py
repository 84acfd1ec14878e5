"""The reviewer's page: open assignments in four groups with their counts and next due dates, a keyset page
of the group shown, the same queries (under 15) with 10 or 1,000 assignments, and index reads at scale."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import Proposal
from grants.states import State
from scoring import reviewer_page
from scoring.models import Review, ReviewerAssignment
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("scoring:my_reviews")
# Group slug -> (assignment state, review state or None for no review).
KINDS = {"a-declarer": ("pending", None), "a-evaluer": ("active", None), "en-cours": ("active", "draft"),
         "soumises": ("active", "submitted")}


def seed(world, counts, reviewer=None, start=date(2026, 3, 1)):
    """Assignments of `reviewer` in bulk: `counts` gives how many per group slug (plus "recused" and
    "cancelled"); due dates spread over the days with ties, every seventh without one."""
    reviewer = reviewer or world.reviewer
    rubric = factories.RubricFactory(call=world.call)
    total = sum(counts.values())
    proposals = Proposal.objects.bulk_create([Proposal(
        call=world.call, organisation=world.organisation, title=f"Projet {index}", state=State.UNDER_ANALYSIS)
        for index in range(total)])
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    assignments = ReviewerAssignment.objects.bulk_create([ReviewerAssignment(
        proposal=proposal, reviewer=reviewer, state=KINDS.get(kind, (kind, None))[0],
        due_on=None if index % 7 == 3 else start + timedelta(days=index % 40))
        for index, (proposal, kind) in enumerate(zip(proposals, kinds, strict=True))])
    Review.objects.bulk_create([Review(
        assignment=assignment, proposal_id=assignment.proposal_id, reviewer=reviewer, rubric=rubric,
        state=KINDS[kind][1]) for assignment, kind in zip(assignments, kinds, strict=True)
        if kind in KINDS and KINDS[kind][1]])
    return {kind: [a for a, k in zip(assignments, kinds, strict=True) if k == kind] for kind in counts}


def every_page(client, group):
    seen, cursor = [], ""
    while True:
        response = client.get(URL, {"groupe": group, **({"apres": cursor} if cursor else {})})
        assert response.status_code == 200 and response.context["group"].slug == group
        page = response.context["assignments"]
        seen.append([row.pk for row in page])
        cursor = page.next_cursor
        if not cursor:
            return seen


def test_each_group_holds_its_assignments_with_a_count_and_the_soonest_due_date(client, world):
    seeded = seed(world, {"a-declarer": 3, "a-evaluer": 2, "en-cours": 4, "soumises": 5, "recused": 2,
                          "cancelled": 1})
    factories.ReviewerAssignmentFactory(proposal=seeded["a-declarer"][0].proposal)  # someone else's
    client.force_login(world.reviewer)
    response = client.get(URL)
    tallies = {tally.group.slug: (tally.count, tally.next_due) for tally in response.context["tallies"]}
    assert tallies == {"a-declarer": (3, date(2026, 3, 1)), "a-evaluer": (2, date(2026, 3, 5)),
                       "en-cours": (4, date(2026, 3, 6)), "soumises": (5, None)}
    assert response.context["group"].slug == "a-declarer"  # the first group with something in it
    for slug in KINDS:
        shown = [pk for page in every_page(client, slug) for pk in page]
        assert sorted(shown) == sorted(a.pk for a in seeded[slug]), slug
    html = response.content.decode()
    assert "À déclarer (3)" in html and "Soumises (5)" in html and "prochaine échéance : 1 mars 2026" in html
    assert 'aria-current="page"' in html


def test_the_first_non_empty_group_opens_and_an_unknown_group_reads_as_none(client, world):
    seed(world, {"en-cours": 1, "soumises": 1})
    client.force_login(world.reviewer)
    assert client.get(URL).context["group"].slug == "en-cours"
    assert client.get(URL, {"groupe": "inconnu"}).context["group"].slug == "en-cours"
    response = client.get(URL, {"groupe": "a-declarer"})
    assert list(response.context["assignments"]) == []
    assert "Aucune demande dans ce groupe pour le moment." in response.content.decode()


def test_pages_come_soonest_due_first_each_row_once_undated_last(client, world):
    seeded = seed(world, {"a-evaluer": 60})
    client.force_login(world.reviewer)
    seen = every_page(client, "a-evaluer")
    assert [len(page) for page in seen] == [25, 25, 10]
    by_pk = {a.pk: a for a in seeded["a-evaluer"]}
    expected = sorted(by_pk.values(), key=lambda a: (a.due_on is None, a.due_on or date.min, a.pk))
    assert [pk for page in seen for pk in page] == [a.pk for a in expected]


def test_submitted_reviews_come_latest_due_first(client, world):
    seeded = seed(world, {"soumises": 30})
    client.force_login(world.reviewer)
    shown = [pk for page in every_page(client, "soumises") for pk in page]
    dated = sorted((a for a in seeded["soumises"] if a.due_on), key=lambda a: (a.due_on, a.pk), reverse=True)
    assert shown[:len(dated)] == [a.pk for a in dated]


def test_rows_link_to_the_declaration_or_the_review_and_mark_what_is_late(client, world):
    seeded = seed(world, {"a-declarer": 1, "en-cours": 1}, start=date(2020, 1, 1))
    client.force_login(world.reviewer)
    declare = client.get(URL, {"groupe": "a-declarer"}).content.decode()
    assert reverse("scoring:coi_declare", args=[seeded["a-declarer"][0].pk]) in declare and "En retard" in declare
    ongoing = client.get(URL, {"groupe": "en-cours"}).content.decode()
    assert reverse("scoring:review", args=[seeded["en-cours"][0].proposal_id]) in ongoing
    assert "Brouillon" in ongoing and ">Évaluer<" in ongoing


def test_other_people_see_only_their_own_groups(client, world):
    seed(world, {"a-declarer": 2})
    client.force_login(world.analyst)
    response = client.get(URL)
    assert [tally.count for tally in response.context["tallies"]] == [0, 0, 0, 0]
    assert list(response.context["assignments"]) == []


def page_queries(client, world, count, reviewer):
    per_group = {"a-declarer": count // 4, "a-evaluer": count // 4, "en-cours": count // 4,
                 "soumises": count - 3 * (count // 4)}
    seed(world, per_group, reviewer=reviewer)
    client.force_login(reviewer)
    client.get(URL)  # warm the session and the per-process caches
    counts = []
    for group in KINDS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"groupe": group})
        assert len(response.context["assignments"]) == min(per_group[group], reviewer_page.PAGE_SIZE)
        counts.append(len(captured))
        cursor = response.context["assignments"].next_cursor
        if cursor:
            with CaptureQueriesContext(connection) as captured:
                client.get(URL, {"groupe": group, "apres": cursor})
            counts.append(len(captured))
    return counts


def test_the_same_queries_under_15_at_10_and_1000_assignments(client, world):
    few = page_queries(client, world, 10, world.reviewer)
    busy = factories.UserFactory(email="busy-reviewer@example.org")
    factories.ProgramRoleFactory(user=busy, program=world.program, role="reviewer")
    many = page_queries(client, world, 1000, busy)
    # Page 1 of each group at 10; page 1 and page 2 of each group at 1,000: every one the same.
    assert len(set(few)) == 1 and few[0] < 15 and set(many) == set(few), (few, many)


@pytest.mark.postgres
def test_the_page_and_the_counts_read_the_reviewer_s_rows_by_index(client, world, require_postgres):
    # A busy reviewer among busier ones: theirs are 1,000 of 13,000 assignments.
    seed(world, {"a-declarer": 250, "a-evaluer": 250, "en-cours": 250, "soumises": 250})
    for _index in range(6):
        seed(world, {"a-declarer": 500, "a-evaluer": 500, "en-cours": 500, "soumises": 500},
             reviewer=factories.UserFactory())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_proposal; ANALYZE scoring_reviewerassignment; ANALYZE scoring_review")
    client.force_login(world.reviewer)
    for group in KINDS:
        with CaptureQueriesContext(connection) as captured:
            client.get(URL, {"groupe": group})
        reads = [query["sql"] for query in captured.captured_queries
                 if 'FROM "scoring_reviewerassignment"' in query["sql"]]
        # The counts; the rows with a due date and those without, one statement on PostgreSQL (core.keyset).
        assert len(reads) == 2
        for sql in reads:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            for table in ("scoring_reviewerassignment", "grants_proposal"):
                assert f"Seq Scan on {table}" not in plan, plan
