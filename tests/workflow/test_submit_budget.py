"""Issue 17: one submit of a complete draft costs at most 15 queries, however big the draft or its audience.

Counted as the database sees them in production, where the submit's transaction is the outermost one:
the savepoints the test's own transaction adds are left out (bench_submit counts the same way).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import prepared
from grants import tasks as similarity_tasks
from grants.models import Proposal, User
from grants.states import State
from notifications.models import Notification, OutboxMessage
from workflow import services
from workflow.errors import GuardFailed
from workflow.management.commands.bench_submit import create_drafts, statements
from workflow.webhooks import events as webhook_events

pytestmark = pytest.mark.django_db
BUDGET = 15


@pytest.fixture
def outbox_calls():
    """The real outbox here (the package's conftest replaces it with a recorder): its inserts are counted."""


def submit_counting(proposal, actor):
    with CaptureQueriesContext(connection) as captured:
        services.transition(proposal, "submit", User.objects.get(pk=actor.pk))
    return statements(captured.captured_queries)


def test_a_submit_costs_the_same_queries_with_2_or_30_lines_each(outbox_calls):
    counts = {}
    for lines in (2, 30):
        applicant, [proposal] = create_drafts(1, lines)
        counts[lines] = len(submit_counting(proposal, applicant))
        proposal.refresh_from_db()
        assert proposal.state == State.SUBMITTED and proposal.reference
        assert proposal.partners.count() == proposal.indicators.count() == proposal.attachments.count() == lines
    assert counts[2] == counts[30] <= BUDGET


def test_the_audience_is_queued_in_one_insert_whatever_its_size(outbox_calls):
    counts = {}
    for analysts in (1, 20):
        applicant, [proposal] = create_drafts(1, 2, analysts=analysts)
        counts[analysts] = len(submit_counting(proposal, applicant))
        # The applicant and every analyst of the program: one message and one in-app copy each.
        assert OutboxMessage.objects.filter(kind="proposal_submit", object_id=proposal.pk).count() == analysts + 1
        assert Notification.objects.filter(message__object_id=proposal.pk).count() == analysts + 1
    assert counts[1] == counts[20] <= BUDGET


def test_webhooks_cost_one_query_when_no_endpoint_listens(outbox_calls):
    applicant, [proposal] = create_drafts(1, 2)
    queries = submit_counting(proposal, applicant)
    # The listeners' read, sent as it is or, on PostgreSQL, as its prepared statement (core.prepared).
    listeners = f"EXECUTE {prepared.name_of(webhook_events._ACTIVE.sql_with_params(proposal.program_id)[0])} "
    assert len([query for query in queries if "webhook" in query["sql"] or query["sql"].startswith(listeners)]) == 1


@pytest.mark.postgres
def test_on_postgresql_the_heaviest_statements_run_prepared(require_postgres, outbox_calls):
    applicant, drafts = create_drafts(2, 2)
    submit_counting(drafts[0], applicant)  # prepares them in this database session, if no test before did
    sent = [query["sql"] for query in submit_counting(drafts[1], applicant)]
    # The person's roles, the locked read, the completeness facts, the audience, the webhooks' listeners and the
    # version snapshot: parsed and planned once.
    assert len([sql for sql in sent if sql.startswith("EXECUTE concerto_")]) == 6
    assert not any("grants_proposalversion" in sql for sql in sent)
    assert Proposal.objects.get(pk=drafts[1].pk).versions.count() == 1


def test_the_submit_page_costs_at_most_15_queries(client, outbox_calls):
    applicant, drafts = create_drafts(2, 30)
    client.force_login(applicant)
    client.get(reverse("home"))  # the session exists, as it does for a person filling the form
    counts = []
    for proposal in drafts:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse("proposal_submit", args=[proposal.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("proposal_detail", args=[proposal.pk])
        counts.append(len(statements(captured.captured_queries)))
    assert Proposal.objects.filter(pk__in=[p.pk for p in drafts], state=State.SUBMITTED).count() == 2
    assert counts[0] == counts[1] <= BUDGET


def test_an_incomplete_draft_is_still_refused_by_name(outbox_calls):
    applicant, [proposal] = create_drafts(1, 2)
    proposal.attachments.all().delete()
    with pytest.raises(GuardFailed) as refused:
        services.transition(proposal, "submit", applicant)
    assert refused.value.code == "form_is_complete" and "Pièce jointe exigée manquante : Pièce 0" in refused.value.message
    proposal.refresh_from_db()
    assert proposal.state == State.DRAFT and not OutboxMessage.objects.exists()


def test_bench_submit_prints_the_figures_and_rolls_back(capsys, outbox_calls):
    before = Proposal.objects.count()
    call_command("bench_submit", "--drafts", "3", "--lines", "2")
    out = capsys.readouterr().out
    assert "3 dépôts par workflow.services.transition" in out and ": 3 déposées" in out
    assert "requêtes : médiane" in out and "CPU Python : médiane" in out
    assert Proposal.objects.count() == before


def test_bench_submit_runs_what_follows_each_commit(monkeypatch, outbox_calls):
    # Under the bench's own transaction nothing would ever commit: the publishes are run and timed per submit.
    handed = []
    monkeypatch.setattr(similarity_tasks.PUBLISHER, "publish", lambda task, ids: handed.extend(ids) or len(ids))
    call_command("bench_submit", "--drafts", "2", "--lines", "1")
    assert len(handed) == 2


def test_only_the_submits_own_transaction_is_left_out_of_the_count():
    captured = [{"sql": sql} for sql in (
        'SELECT 1', 'SAVEPOINT "a"', 'SELECT 2', 'SAVEPOINT "b"', 'INSERT 3', 'RELEASE SAVEPOINT "b"',
        'SAVEPOINT "c"', 'INSERT 4', 'ROLLBACK TO SAVEPOINT "c"', 'RELEASE SAVEPOINT "a"', 'SELECT 5')]
    # The outer block is the transaction in production; the savepoints nested in it are real round trips.
    assert [q["sql"] for q in statements(captured)] == [
        'SELECT 1', 'SELECT 2', 'SAVEPOINT "b"', 'INSERT 3', 'RELEASE SAVEPOINT "b"', 'SAVEPOINT "c"', 'INSERT 4',
        'ROLLBACK TO SAVEPOINT "c"', 'SELECT 5']
