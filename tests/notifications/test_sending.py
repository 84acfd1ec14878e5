import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from notifications import sending
from notifications.models import OutboxMessage
from notifications.tasks import send_message, send_messages, sweep_outbox
from tests import factories
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db


def test_send_marks_the_row_sent_and_keeps_what_went_out():
    message = factories.OutboxMessageFactory(context={"proposal_title": "Cuisine", "recipient_name": "Marie"})
    assert send_message(message.pk) is True
    message.refresh_from_db()
    assert message.state == "sent" and message.sent_at is not None and message.attempts == 1
    assert message.subject == "Accusé de réception : Cuisine"
    [email] = mail.outbox
    assert email.to == [message.to_email] and email.subject == message.subject
    assert "Bonjour Marie" in email.body
    assert email.alternatives[0][1] == "text/html"


def test_repeated_sends_send_once():
    message = factories.OutboxMessageFactory()
    results = [send_message(message.pk) for _ in range(3)]
    assert results == [True, False, False]
    assert len(mail.outbox) == 1


def test_a_missing_row_is_ignored_quietly():
    assert send_message(987654) is False


class FlakyBackend(BaseEmailBackend):
    """Fails `failures` times with a transient SMTP error, then delivers into mail.outbox."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection lost")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_sending.FlakyBackend"
    return FlakyBackend


def test_transient_errors_are_retried_until_sent(flaky):
    flaky.failures = 2
    message = factories.OutboxMessageFactory()
    send_message.apply(args=(message.pk,))  # eager run: Celery executes the retries in place
    message.refresh_from_db()
    assert message.state == "sent" and message.attempts == 3
    assert len(mail.outbox) == 1


def test_a_transient_error_releases_the_row_with_a_backoff(flaky):
    flaky.failures = 1
    message = factories.OutboxMessageFactory()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        sending.deliver(message.pk, final_attempt=False)
    message.refresh_from_db()
    assert message.state == "pending" and "connection lost" in message.last_error
    assert message.available_at > timezone.now()


def test_after_the_quick_retries_the_row_waits_for_the_long_schedule(flaky):
    flaky.failures = 100
    message = factories.OutboxMessageFactory()
    before = timezone.now()
    send_message.apply(args=(message.pk,))
    message.refresh_from_db()
    assert message.state == "pending" and message.attempts == send_message.max_retries + 1
    assert message.retry_step == 1 and not message.needs_attention
    assert before + timedelta(minutes=15) <= message.available_at <= timezone.now() + timedelta(minutes=15)
    assert message.first_failed_at >= before and message.queued_at is None
    assert "SMTPServerDisconnected" in message.last_error
    assert mail.outbox == []


def test_a_batch_sends_its_other_rows_past_a_transient_error_and_its_retry_only_that_one(flaky):
    flaky.failures = 1  # met by the batch's first row
    rows = [factories.OutboxMessageFactory() for _ in range(3)]
    send_messages.apply(args=([row.pk for row in rows],))  # eager: the retry runs in place
    found = dict(OutboxMessage.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", "attempts"))
    assert found == {rows[0].pk: 2, rows[1].pk: 1, rows[2].pk: 1}
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert sorted(email.to[0] for email in mail.outbox) == sorted(row.to_email for row in rows)


def test_a_batch_after_its_quick_retries_leaves_its_rows_to_the_long_schedule(flaky):
    flaky.failures = 100
    rows = [factories.OutboxMessageFactory() for _ in range(2)]
    send_messages.apply(args=([row.pk for row in rows],))
    assert set(OutboxMessage.objects.values_list("state", "attempts", "retry_step")) == {
        ("pending", send_messages.max_retries + 1, 1)}
    assert mail.outbox == []


def test_a_batch_logs_an_unexpected_error_and_sends_its_other_rows(monkeypatch, caplog):
    rows = [factories.OutboxMessageFactory() for _ in range(2)]
    deliver = sending.deliver

    def broken_for_the_first(message_id, **options):
        if message_id == rows[0].pk:
            raise RuntimeError("a bug")
        return deliver(message_id, **options)

    monkeypatch.setattr(sending, "deliver", broken_for_the_first)
    assert send_messages([row.pk for row in rows]) == 1
    assert OutboxMessage.objects.get(pk=rows[1].pk).state == "sent"
    assert f"Outbox message {rows[0].pk}: sending failed" in caplog.text


def test_a_refused_recipient_fails_at_once(settings, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    message = factories.OutboxMessageFactory()
    send_message.apply(args=(message.pk,))
    message.refresh_from_db()
    assert message.state == "failed" and message.attempts == 1 and message.needs_attention


def test_sweep_reclaims_stuck_rows_and_enqueues_old_pending_ones(monkeypatch):
    enqueued = []
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kw: enqueued.extend(args[0]))
    long_ago = timezone.now() - timedelta(hours=1)
    stuck = factories.OutboxMessageFactory(state="sending", claimed_at=long_ago, created_at=long_ago)
    sending_slowly = factories.OutboxMessageFactory(state="sending", created_at=long_ago,
                                                    claimed_at=timezone.now() - timedelta(minutes=20))
    old = factories.OutboxMessageFactory(created_at=long_ago, available_at=long_ago)
    factories.OutboxMessageFactory()  # just queued: its own task is on its way
    backing_off = factories.OutboxMessageFactory(created_at=long_ago,
                                                 available_at=timezone.now() + timedelta(minutes=5))
    factories.OutboxMessageFactory(state="sent", created_at=long_ago)
    counts = sweep_outbox()
    assert counts == {"reclaimed": 1, "pending": 2, "enqueued": 2, "alerts": 0}
    assert sorted(enqueued) == sorted([stuck.pk, old.pk])
    assert backing_off.pk not in enqueued
    # A send that has taken 20 minutes is not taken back yet (the default wait is 30 minutes).
    assert OutboxMessage.objects.get(pk=sending_slowly.pk).state == "sending"


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_row_send_one_email(require_postgres):
    message = factories.OutboxMessageFactory()

    def worker():
        return sending.deliver(message.pk)

    results = run_together(worker, worker)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(pk=message.pk).state == "sent"


def test_resend_refuses_a_message_outside_the_actors_programs(world):
    from core.errors import NotFound

    message = factories.OutboxMessageFactory(program=factories.ProgramFactory(), state="failed")
    with pytest.raises(NotFound):
        sending.resend(message, world.manager)
    assert OutboxMessage.objects.get(pk=message.pk).state == "failed"
    assert sending.resend(message, world.admin)
