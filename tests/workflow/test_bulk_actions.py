"""The other bulk actions: assigning an analyst, reviewers (conflicts and load respected), a tag; the tag as
a queue filter; the queue's query count with tags and shortcuts."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.models import Proposal, Tag
from grants.states import State
from scoring.models import ReviewerAssignment
from tests import factories
from workflow.bulk.models import BulkJob
from workflow.models import TransitionLog
from workflow.services import transition

pytestmark = pytest.mark.django_db
URL = "/analyse/lot/"


def run(client, program, proposals, action, **fields):
    body = {"programme": program.code, "ids": [str(p.pk) for p in proposals], "action": action,
            **{f"{action}-{name}": value for name, value in fields.items()}}
    response = client.post(URL, body)
    assert response.status_code == 302, response.content.decode()[:2000]
    return BulkJob.objects.latest("pk")


def test_assign_an_analyst_to_many_refuses_closed_files(client, world, make_proposal):
    colleague = factories.ProgramRoleFactory(program=world.program, role="analyst",
                                             user=factories.UserFactory(full_name="Léa Fortin")).user
    open_files = [make_proposal(State.SUBMITTED), make_proposal(State.UNDER_ANALYSIS)]
    withdrawn = make_proposal(State.WITHDRAWN)
    client.force_login(world.manager)
    job = run(client, world.program, [*open_files, withdrawn], "analyst", analyst=colleague.pk)
    assert [row["id"] for row in job.successes] == [p.pk for p in open_files]
    assert job.refusals == [{"id": withdrawn.pk, "reference": "", "title": withdrawn.title,
                             "reason": "On n'assigne pas d'analyste à une demande à l'état « Retiré »."}]
    for proposal in open_files:
        proposal.refresh_from_db()
        assert proposal.assigned_analyst == colleague and proposal.assigned_analyst_name == "Léa Fortin"
    # The queue's analyst filter finds them.
    response = client.get("/analyse/", {"analyst": colleague.pk})
    assert sorted(p.pk for p in response.context["page"]) == sorted(p.pk for p in open_files)


def test_the_board_may_not_assign_analysts(client, world, make_proposal):
    recommended = make_proposal(State.RECOMMENDED)
    client.force_login(world.board)
    job = run(client, world.program, [recommended], "analyst", analyst=world.analyst.pk)
    assert job.refusals[0]["reason"] == "Cette action ne vous est pas permise."


def test_assign_reviewers_balances_load_and_never_picks_a_conflicted_person(client, world, make_proposal):
    first = factories.ProgramRoleFactory(program=world.program, role="reviewer").user
    second = factories.ProgramRoleFactory(program=world.program, role="reviewer").user
    # The world's reviewer is a member of the applicant organisation of one proposal: conflicted there.
    other_organisation_proposal = make_proposal(State.SUBMITTED, organisation=world.other_organisation)
    factories.MembershipFactory(user=first, organisation=world.other_organisation)
    proposals = [make_proposal(State.SUBMITTED) for _ in range(3)]
    funded = make_proposal(State.FUNDED)
    client.force_login(world.analyst)
    job = run(client, world.program, [other_organisation_proposal, *proposals, funded], "reviewers", count=1)
    assert len(job.successes) == 4
    assert job.refusals == [{"id": funded.pk, "reference": "", "title": funded.title,
                             "reason": "Cette demande n'est pas à l'étape de l'analyse."}]
    assigned = ReviewerAssignment.objects.filter(proposal__in=[other_organisation_proposal, *proposals])
    assert assigned.count() == 4
    assert not assigned.filter(proposal=other_organisation_proposal, reviewer=first).exists()
    # Eligible: the two reviewers, the world's reviewer and the analyst (analysts review too): each got one.
    loads = sorted(assigned.values_list("reviewer_id", flat=True))
    assert len(set(loads)) == 4
    assert {first.pk, second.pk} <= set(loads)


def test_tags_are_added_in_bulk_and_filter_the_queue(client, world, make_proposal):
    ati = Tag.objects.create(program=world.program, name="ATI")
    Tag.objects.create(program=world.program, name="jeunesse")
    tagged = [make_proposal(State.SUBMITTED, title=f"Étiqueté {n}") for n in range(3)]
    make_proposal(State.SUBMITTED, title="Sans étiquette")
    draft = make_proposal(State.DRAFT)
    client.force_login(world.analyst)
    job = run(client, world.program, tagged, "tag", tag=ati.pk)
    assert len(job.successes) == 3 and job.refusals == []
    again = run(client, world.program, tagged[:1], "tag", tag=ati.pk)  # already there: nothing changes
    assert len(again.successes) == 1 and ati.proposals.count() == 3
    response = client.get("/analyse/", {"tag": ati.pk})
    assert sorted(p.title for p in response.context["page"]) == ["Étiqueté 0", "Étiqueté 1", "Étiqueté 2"]
    assert "ATI" in response.content.decode()
    assert draft not in ati.proposals.all()


def test_a_tag_of_another_program_is_not_a_choice(client, world, make_proposal):
    elsewhere = Tag.objects.create(program=factories.ProgramFactory(), name="ATI")
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.analyst)
    response = client.post(URL, {"programme": world.program.code, "ids": [proposal.pk], "action": "tag",
                                 "tag-tag": elsewhere.pk})
    assert response.status_code == 400 and not elsewhere.proposals.exists()
    assert client.get("/analyse/", {"tag": elsewhere.pk}).context["form"].errors  # ignored, and said so


def queue_queries(client, world, make_proposal, count):
    tag = Tag.objects.get_or_create(program=world.program, name="Premières Nations")[0]
    for _ in range(count):
        proposal = make_proposal(State.SUBMITTED)
        proposal.mrcs.add(factories.MrcFactory(parent=world.program.region))
        tag.proposals.add(proposal)
    Proposal.objects.filter(program=world.program).update(state_changed_at=timezone.now() - timedelta(days=10))
    client.force_login(world.analyst)
    client.get("/analyse/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/analyse/", {"tag": tag.pk, "idle": "3"})
    assert len(response.context["page"]) == min(count, 25)  # all in their state for ten days
    with CaptureQueriesContext(connection) as all_queries:
        response = client.get("/analyse/", {"tag": tag.pk})
    assert len(response.context["page"]) == min(count, 25)
    return len(queries), len(all_queries)


def test_queue_query_count_stays_constant_with_tags_and_shortcuts(client, world, make_proposal):
    few = queue_queries(client, world, make_proposal, 2)
    many = queue_queries(client, world, make_proposal, 28)
    assert few == many


def test_reviewers_get_the_due_date_in_their_assignment_and_their_e_mail(client, world, make_proposal, outbox_calls):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.analyst)
    job = run(client, world.program, [proposal], "reviewers", count=1, due_on="2027-03-15")
    assert len(job.successes) == 1
    assignment = ReviewerAssignment.objects.get(proposal=proposal)
    assert assignment.due_on == date(2027, 3, 15)
    # The e-mail is queued in the assignment's transaction, from the assignment with its date (not text).
    [call] = [call for call in outbox_calls if call["kind"] == "review_assigned"]
    assert call["recipients"] == [assignment.reviewer] and call["in_transaction"]
    assert call["obj"].due_on == date(2027, 3, 15)


@pytest.mark.postgres
def test_the_tag_and_idle_filters_read_indexes_at_scale(client, world, require_postgres):
    """EXPLAIN of the queue's page with the tag filter, then the "idle" one, over thousands of rows."""
    from tests.workflow.test_queue_scale import seed

    rows = []
    for _ in range(4):
        rows += seed(world, 1500, call=factories.CallFactory(program=factories.ProgramFactory()))
    rows += seed(world, 1500)
    tag = Tag.objects.create(program=world.program, name="jeunesse")
    tag.proposals.add(*[row for row in rows if row.call_id == world.call.pk][::50])
    now = timezone.now()  # each proposal's last state change, from today to two months ago
    TransitionLog.objects.bulk_create([TransitionLog(
        proposal=row, actor=world.analyst, transition="start_analysis", from_state=State.SUBMITTED,
        to_state=State.UNDER_ANALYSIS, created_at=now - timedelta(days=index % 60)) for index, row in enumerate(rows)])
    Proposal.objects.filter(pk__in=[row.pk for row in rows]).update(state_changed_at=Subquery(
        TransitionLog.objects.filter(proposal=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]))
    with connection.cursor() as cursor:
        for table in ("grants_proposal", "grants_proposaltag", "workflow_transitionlog"):
            cursor.execute(f"ANALYZE {table}")
    client.force_login(world.manager)
    for params in ({"tag": tag.pk}, {"idle": 14, "state": State.UNDER_ANALYSIS}):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/analyse/", params)
        assert response.status_code == 200 and len(response.context["page"]) > 0, params
        listing = [query["sql"] for query in captured.captured_queries
                   if query["sql"].lstrip("(").startswith('SELECT "grants_proposal"."id"')]
        assert listing, params
        for sql in listing:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on grants_proposal " not in plan, plan  # its tags table may be tiny here
            # The proposal's own column: no log row looked up per proposal (an idle filter that kept few
            # proposals of a program of 80,000 probed the log 80,000 times: 0.28 s).
            assert "workflow_transitionlog" not in plan, plan


def test_the_idle_filter_keeps_what_no_transition_moved_since(client, world, make_proposal):
    """A transition stamps when its proposal came to its state; the queue's "no change for N days" reads it."""
    old, recent = make_proposal(State.SUBMITTED, title="Ancienne"), make_proposal(State.SUBMITTED, title="Récente")
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        transition(old, "start_analysis", world.analyst)
    moved = transition(recent, "start_analysis", world.analyst)
    assert moved.state_changed_at == TransitionLog.objects.get(proposal=recent).created_at
    client.force_login(world.analyst)
    titles = [row.title for row in client.get("/analyse/", {"idle": 10}).context["page"]]
    assert titles == ["Ancienne"]
