"""Dossier numbers: the prefix, and the program-year counter under rollbacks and concurrent submits."""

from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.models import Proposal
from grants.states import State
from notifications import context as message_context
from notifications.models import OutboxMessage
from tests.concurrency import run_together
from workflow import services
from workflow.models import ReferenceCounter
from workflow.references import prefix_for


@pytest.fixture
def outbox_calls():
    """The real outbox here (the package's conftest replaces it with a recorder): the messages are read back."""


def test_prefix_drops_the_programs_start_year_and_adds_the_submission_year():
    assert prefix_for(SimpleNamespace(code="parsis-cn-2011"), 2026) == "PARSIS-CN-2026-"
    assert prefix_for(SimpleNamespace(code="alliance-bsl"), 2027) == "ALLIANCE-BSL-2027-"


def numbers(*proposals):
    return sorted(int(proposal.reference[-4:]) for proposal in proposals)


@pytest.mark.django_db
def test_a_rolled_back_submission_gives_its_number_back(world, complete_proposal):
    first = services.transition(complete_proposal(), "submit", world.applicant)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.transition(complete_proposal(), "submit", world.applicant)
        raise RuntimeError("the rest of the request failed")
    third = services.transition(complete_proposal(), "submit", world.applicant)
    assert numbers(first, third) == [1, 2]
    assert ReferenceCounter.objects.get(program=world.program, year=timezone.localdate().year).last == 2


@pytest.mark.django_db
def test_numbers_continue_from_the_counter_and_each_program_counts_apart(world, complete_proposal):
    ReferenceCounter.objects.create(program=world.program, year=timezone.localdate().year, last=41)
    proposal = services.transition(complete_proposal(), "submit", world.applicant)
    assert proposal.reference.endswith(f"-{timezone.localdate().year}-0042")
    assert not ReferenceCounter.objects.exclude(program=world.program).exists()


@pytest.mark.django_db
def test_past_9999_the_number_takes_a_fifth_digit(world, complete_proposal):
    ReferenceCounter.objects.create(program=world.program, year=timezone.localdate().year, last=9999)
    proposal = services.transition(complete_proposal(), "submit", world.applicant)
    assert proposal.reference == f"{prefix_for(world.program, timezone.localdate().year)}10000"
    assert Proposal.objects.get(pk=proposal.pk).reference == proposal.reference


@pytest.mark.django_db
def test_a_resubmission_keeps_its_number(world, complete_proposal):
    proposal = services.transition(complete_proposal(), "submit", world.applicant)
    Proposal.objects.filter(pk=proposal.pk).update(state=State.CHANGES_REQUESTED)
    again = services.transition(Proposal.objects.get(pk=proposal.pk), "resubmit", world.applicant)
    assert again.reference == proposal.reference
    assert ReferenceCounter.objects.get(program=world.program, year=timezone.localdate().year).last == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_submissions_get_distinct_gap_free_numbers(require_postgres, world, complete_proposal):
    drafts = [complete_proposal() for _ in range(6)]
    outcomes = run_together(*[lambda draft=draft: services.transition(draft, "submit", world.applicant)
                              for draft in drafts])
    assert all(getattr(outcome, "state", None) == State.SUBMITTED for outcome in outcomes), outcomes
    assert numbers(*outcomes) == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db
def test_the_number_is_taken_after_the_messages_are_composed_and_reaches_them(world, complete_proposal,
                                                                            monkeypatch):
    """The counter's row stays locked until the commit: composing the messages happens before it is taken, and
    the messages still carry the number."""
    proposal, composed_at = complete_proposal(), []
    build = message_context.build

    def recording(**kwargs):
        composed_at.append(len(captured.captured_queries))
        return build(**kwargs)

    monkeypatch.setattr(message_context, "build", recording)
    with CaptureQueriesContext(connection) as captured:
        proposal = services.transition(proposal, "submit", world.applicant)
    counter = next(i for i, query in enumerate(captured.captured_queries)
                   if ReferenceCounter._meta.db_table in query["sql"])
    assert len(composed_at) == 2 and max(composed_at) <= counter  # the applicant and the analyst
    messages = OutboxMessage.objects.filter(kind="proposal_submit", object_id=proposal.pk)
    assert proposal.reference and {message.context["proposal_reference"] for message in messages} == {
        proposal.reference}
    assert Proposal.objects.get(pk=proposal.pk).reference == proposal.reference
