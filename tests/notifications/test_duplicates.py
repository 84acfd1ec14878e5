"""The duplicate window: the "sent" mark survives a dropped connection, every copy carries the row's own
Message-ID, and the sweep never piles up tasks for rows already queued."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection, connections
from django.utils import timezone

from notifications import outbox, sending
from notifications.models import OutboxMessage
from notifications.tasks import send_message, send_messages, sweep_outbox
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(sending, "MARK_RETRY_SECONDS", (0, 0))


def test_a_sent_mark_that_fails_once_is_retried_and_the_message_not_sent_again(monkeypatch, no_wait):
    message = factories.OutboxMessageFactory()
    update, sent_marks = sending._update, []

    def drops_the_first_sent_mark(message_id, values):
        if values.get("state") == "sent":
            sent_marks.append(message_id)
            if len(sent_marks) == 1:
                raise OperationalError("server closed the connection unexpectedly")
        return update(message_id, values)

    monkeypatch.setattr(sending, "_update", drops_the_first_sent_mark)
    assert send_message(message.pk) is True
    message.refresh_from_db()
    assert message.state == "sent" and message.sent_at is not None and len(sent_marks) == 2
    # A duplicate task, and a sweep a day later, find nothing to send.
    assert send_message(message.pk) is False
    assert sweep_outbox()["reclaimed"] == 0
    assert sending.sweep(now=timezone.now() + timedelta(days=1)) == {"reclaimed": 0, "pending": 0, "enqueued": 0}
    assert len(mail.outbox) == 1


def test_a_sent_mark_that_keeps_failing_leaves_the_row_to_the_reaper(monkeypatch, no_wait):
    message = factories.OutboxMessageFactory()

    def always_fails(message_id, values):
        raise OperationalError("the database is gone")

    monkeypatch.setattr(sending, "_update", always_fails)
    with pytest.raises(OperationalError):
        sending.deliver(message.pk)
    assert OutboxMessage.objects.get(pk=message.pk).state == "sending" and len(mail.outbox) == 1


class ConnectionKillingBackend(BaseEmailBackend):
    """Accepts the message, then the database drops the worker's connection before the "sent" mark."""

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        victim = connection.connection.info.backend_pid
        killer = connections.create_connection("default")
        try:
            with killer.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [victim])
        finally:
            killer.close()
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_after_acceptance_is_marked_on_a_new_one(require_postgres, settings, no_wait):
    settings.EMAIL_BACKEND = "tests.notifications.test_duplicates.ConnectionKillingBackend"
    message = factories.OutboxMessageFactory()
    assert sending.deliver(message.pk) is True
    assert OutboxMessage.objects.get(pk=message.pk).state == "sent"
    assert len(mail.outbox) == 1


def test_every_copy_carries_the_rows_own_message_id(world, settings, monkeypatch):
    settings.SITE_URL = "https://concerto.example.org"
    monkeypatch.setattr(send_messages, "apply_async", lambda *args, **kwargs: None)
    message = factories.OutboxMessageFactory(program=world.program)
    send_message(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(state="failed", needs_attention=True)
    sending.resend(message, world.manager)
    send_message(message.pk)
    first, again = (email.message()["Message-ID"] for email in mail.outbox)
    assert first == again == f"<outbox-{message.pk}.{message.created_at:%Y%m%d%H%M%S}@concerto.example.org>"
    other = factories.OutboxMessageFactory()
    assert sending.message_id_header(other) != first


@pytest.fixture
def broker(monkeypatch):
    """A broker that accepts everything; the list of the ids handed to it."""
    enqueued = []
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kwargs: enqueued.extend(args[0]))
    return enqueued


def _waiting(count):
    long_ago = timezone.now() - timedelta(hours=1)
    return [factories.OutboxMessageFactory(created_at=long_ago, available_at=long_ago).pk for _ in range(count)]


def test_two_sweeps_enqueue_each_row_once(broker):
    ids = _waiting(3)
    assert sweep_outbox()["enqueued"] == 3
    assert sweep_outbox()["enqueued"] == 0
    assert sorted(broker) == sorted(ids)


def test_rows_queued_long_ago_are_enqueued_again(broker):
    ids = _waiting(2)
    sweep_outbox()
    with time_machine.travel(timezone.now() + timedelta(minutes=9)):
        assert sweep_outbox()["enqueued"] == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert sweep_outbox()["enqueued"] == 2
    assert sorted(broker) == sorted(ids * 2)


def test_the_events_own_task_counts_as_queued(world, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = outbox.queue(kind="proposal_submit", recipients=[world.applicant])
    assert broker == [row.pk]
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert sweep_outbox()["enqueued"] == 0
    # Claimed by a worker: the stamp is cleared with the claim.
    assert sending.claim(row.pk)
    assert OutboxMessage.objects.get(pk=row.pk).queued_at is None


def test_the_events_rows_are_stamped_in_their_insert(world, broker, django_capture_on_commit_callbacks,
                                                     django_assert_num_queries):
    # The publish after the commit writes nothing: the stamp came with the INSERT.
    with django_capture_on_commit_callbacks() as callbacks:
        [row] = outbox.queue(kind="proposal_submit", recipients=[world.applicant])
    assert OutboxMessage.objects.get(pk=row.pk).queued_at is not None
    with django_assert_num_queries(0):
        for callback in callbacks:
            callback()
    assert broker == [row.pk]


def test_rows_of_a_process_that_died_before_its_publish_wait_for_the_requeue(world, broker,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the process died
        [row] = outbox.queue(kind="proposal_submit", recipients=[world.applicant])
    with time_machine.travel(timezone.now() + timedelta(minutes=9)):
        assert sweep_outbox()["enqueued"] == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert sweep_outbox()["enqueued"] == 1
    assert broker == [row.pk]


def test_a_failed_publish_after_the_event_takes_the_stamp_back(world, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    def unreachable(args, **kwargs):
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(send_messages, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        [row] = outbox.queue(kind="proposal_submit", recipients=[world.applicant])
    assert OutboxMessage.objects.get(pk=row.pk).queued_at is None  # the next sweep hands it over


def test_a_failed_publish_leaves_the_rows_to_the_next_sweep(monkeypatch):
    ids = _waiting(2)

    def unreachable(args, **kwargs):
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(send_messages, "apply_async", unreachable)
    assert sweep_outbox()["enqueued"] == 0
    assert not OutboxMessage.objects.filter(pk__in=ids, queued_at__isnull=False).exists()
    enqueued = []
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kwargs: enqueued.extend(args[0]))
    assert sweep_outbox()["enqueued"] == 2
