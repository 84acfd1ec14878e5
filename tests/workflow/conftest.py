from decimal import Decimal

import pytest

from accountability import agreements
from grants import completeness
from grants.states import State
from tests import factories
from tests.workflow.helpers import fill_completely

REQUESTED = Decimal("20000.00")


@pytest.fixture
def make_proposal(world):
    """A proposal of the world's organisation and call, created directly in the given state.

    Creating a row in a state is not a transition (the protected field refuses changes, not a first
    value): it sets up the matrix without walking the whole life cycle for every case.
    """

    def make(state=State.DRAFT, **fields):
        fields.setdefault("call", world.call)
        fields.setdefault("organisation", world.organisation)
        fields.setdefault("requested_amount", REQUESTED)
        return factories.ProposalFactory(state=state, **fields)

    return make


@pytest.fixture
def complete_forms(monkeypatch):
    """The machine's tests are about roles and states: treat every form as complete and every final
    report as accepted.

    Those checks belong to the intake and accountability work; test_guards covers how the guards use them.
    """
    monkeypatch.setattr(completeness, "missing_items", lambda proposal: [])
    monkeypatch.setattr(agreements, "final_report_accepted", lambda proposal: True)


@pytest.fixture(autouse=True)
def outbox_calls(monkeypatch):
    """Record notifications.outbox.queue calls, and messages() calls (the life cycle's, whose rows it writes
    later in the transaction): the outbox is another app's; its contract is what we use. Both give no rows.

    Each call remembers whether it happened inside a database transaction, as the contract requires.
    """
    from django.db import connection

    from notifications import outbox

    calls = []

    def queue(*, kind, recipients, context=None, obj=None, occurrence=""):
        calls.append({"kind": kind, "recipients": list(recipients), "context": context, "obj": obj,
                      "occurrence": occurrence, "in_transaction": connection.in_atomic_block})
        return []

    monkeypatch.setattr(outbox, "queue", queue)
    monkeypatch.setattr(outbox, "messages", queue)
    return calls


@pytest.fixture
def complete_proposal(world, make_proposal):
    """A draft that passes the real completeness check, in a call requiring one attachment."""
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="board-resolution"))

    def make(state=State.DRAFT, **fields):
        return fill_completely(make_proposal(state, **fields), world.program)

    return make
