"""Two workers on one delivery, on real concurrent PostgreSQL connections: one sends it."""

import threading
import time

import pytest

from grants.states import State
from tests.concurrency import run_together
from workflow import services, tasks
from workflow.webhooks import delivery
from workflow.webhooks import services as webhooks
from workflow.webhooks.models import WebhookDelivery

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_workers_on_one_delivery_send_it_once(require_postgres, world, make_proposal, monkeypatch):
    monkeypatch.setattr(tasks, "enqueue", lambda ids: len(ids))  # the workers below are the test's own
    webhooks.register_endpoint(world.manager, program=world.program, url="https://hooks.example.org/",
                               events=["proposal.transitioned"])
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    row = WebhookDelivery.objects.get()
    sent, lock = [], threading.Lock()

    def slow_receiver(url, body, headers, timeout):
        with lock:
            sent.append(headers["Concerto-Event-Id"])
        time.sleep(0.3)  # the other worker tries meanwhile
        return 200

    monkeypatch.setattr(delivery, "http_post", slow_receiver)
    outcomes = run_together(*[lambda: tasks.deliver_webhook(row.pk)] * 4)
    assert sorted(outcomes) == [False, False, False, True], outcomes
    assert sent == [str(row.event_id)]
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("delivered", 1)
