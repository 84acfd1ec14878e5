from contextlib import contextmanager
from datetime import date

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from grants.models import Proposal
from notifications import outbox
from tests import factories


@contextmanager
def celery_broker(url):
    """Point the producer at another broker for the block (the pools cache the old connection)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url, conf.broker_transport_options = url, {}
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def in_memory_broker():
    # Tasks are never run eagerly: tests call them directly, and what is enqueued stays in memory.
    outbox.forget_broker_failure()
    with celery_broker("memory://"):
        yield
    outbox.forget_broker_failure()


@pytest.fixture
def make_report(world):
    """A report of a funded project of the world's organisation, due on the given date."""

    def make(due_on, state="draft", kind="interim", organisation=None):
        proposal = factories.ProposalFactory(call=world.call, organisation=organisation or world.organisation)
        Proposal.objects.filter(pk=proposal.pk).update(state="funded")
        agreement = factories.AgreementFactory(proposal=proposal)
        return factories.ReportFactory(agreement=agreement, due_on=due_on, state=state, kind=kind,
                                       accepted_at=timezone.now() if state == "accepted" else None)

    return make


@pytest.fixture
def today():
    return date(2027, 3, 15)
