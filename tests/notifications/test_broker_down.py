"""The broker is down when the event happens: the event commits, the row waits, the sweep sends it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from grants.models import Organisation
from notifications import outbox
from notifications.models import OutboxMessage
from notifications.tasks import send_messages, sweep_outbox
from tests.notifications.conftest import celery_broker

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.mark.django_db(transaction=True)
def test_event_commits_and_the_sweep_sends_later(world, monkeypatch, caplog):
    with celery_broker(CLOSED_PORT), transaction.atomic():
        Organisation.objects.filter(pk=world.organisation.pk).update(mission="Nouvelle mission")
        outbox.queue(kind="proposal_submit", recipients=[world.applicant])
    # The commit ran the enqueue callback; its failure was logged, not raised.
    assert "Broker unreachable" in caplog.text
    assert Organisation.objects.get(pk=world.organisation.pk).mission == "Nouvelle mission"
    message = OutboxMessage.objects.get()
    assert message.state == "pending" and mail.outbox == []

    # A minute later, with the broker back, the periodic sweep hands it to a worker.
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kwargs: send_messages(*args))
    assert sweep_outbox()["enqueued"] == 1
    message.refresh_from_db()
    assert message.state == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db  # the rows' queued-at stamps
def test_enqueue_stops_at_the_first_broker_failure(monkeypatch):
    calls = []

    def unreachable(args, **kwargs):
        calls.append(args)
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(send_messages, "apply_async", unreachable)
    assert outbox.enqueue(list(range(1, 46))) == 0  # three tasks' worth of rows (outbox.BATCH)
    assert calls == [(list(range(1, 21)),)]
