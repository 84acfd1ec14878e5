"""An SMTP outage of hours: messages are retried on the long schedule, then left for a person; managers are
told in-app after an hour. Time walks with time-machine; the tasks run eagerly, as the worker would."""

import smtplib
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from notifications import alerts, outbox, sending
from notifications.models import Notification, OutboxMessage
from notifications.tasks import send_message, send_messages, sweep_outbox
from tests import factories

pytestmark = pytest.mark.django_db
START = datetime(2027, 3, 15, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


class OutageBackend(BaseEmailBackend):
    """Refuses every connection while `down`, then delivers into mail.outbox."""

    down = True

    def send_messages(self, messages):
        if OutageBackend.down:
            raise smtplib.SMTPConnectError(421, "Service not available")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def outage(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.notifications.test_retries.OutageBackend"
    OutageBackend.down = True
    # What the sweep hands to the broker runs at once, as a worker would run it.
    monkeypatch.setattr(send_messages, "apply_async", lambda args, **kwargs: send_messages.apply(args=args))
    return OutageBackend


def _walk(clock, until, *, back_at=None, step=timedelta(minutes=5)):
    """Run the per-minute sweep every `step` from the clock's time until `until` (after START)."""
    now = timezone.now()
    while now < START + until:
        now += step
        clock.move_to(now)
        if back_at is not None and now >= START + back_at:
            OutageBackend.down = False
        sweep_outbox()


def _queue_and_send(world, count):
    rows = [outbox.queue(kind="proposal_submit", recipients=[f"person-{index}@example.org"],
                         context={"proposal_title": "Cuisine"}, program_id=world.program.pk)[0]
            for index in range(count)]
    for row in rows:  # the tasks enqueued on commit
        send_message.apply(args=(row.pk,))
    return rows


def test_three_hours_down_then_back_delivers_every_message_once_without_a_click(world, outage):
    with time_machine.travel(START, tick=False) as clock:
        _queue_and_send(world, 20)
        assert OutboxMessage.objects.filter(state="pending", retry_step=1).count() == 20
        _walk(clock, timedelta(hours=24), back_at=timedelta(hours=3))
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    delivered = Counter(email.extra_headers["Message-ID"] for email in mail.outbox)
    expected = {sending.message_id_header(row) for row in OutboxMessage.objects.all()}
    assert set(delivered) == expected and set(delivered.values()) == {1}
    assert len(mail.outbox) == 20 + 1  # and the alert
    # The manager was told in-app once that mail was failing; the e-mail copy went out when mail came back.
    [alert] = Notification.objects.filter(user=world.manager)
    assert alert.message.kind == "outbox_failing" and alert.message.state == "sent"
    assert alert.message.context["failing_count"] == "20"
    assert not OutboxMessage.objects.filter(needs_attention=True).exists()


def test_the_schedule_spaces_the_attempts_out(world, outage):
    with time_machine.travel(START, tick=False) as clock:
        [row] = _queue_and_send(world, 1)
        _walk(clock, timedelta(hours=4), step=timedelta(minutes=1))
    row.refresh_from_db()
    # Six quick attempts, then at +15 min, +45 min, +1 h 45 and +3 h 45: one attempt each.
    assert row.attempts == 6 + 4 and row.retry_step == 5
    assert row.available_at == START + timedelta(minutes=15 + 30 + 60 + 120 + 240)


def test_an_exhausted_schedule_leaves_the_message_for_a_person(world, outage, settings):
    settings.CONCERTO_OUTBOX_RETRY_MINUTES = [15, 30]
    with time_machine.travel(START, tick=False) as clock:
        [row] = _queue_and_send(world, 1)
        _walk(clock, timedelta(hours=2))
    row.refresh_from_db()
    assert row.state == "failed" and row.needs_attention and row.attempts == 6 + 2
    assert "SMTPConnectError" in row.last_error
    assert mail.outbox == []


def test_no_alert_before_an_hour_and_one_a_day_after(world, outage):
    with time_machine.travel(START, tick=False) as clock:
        _queue_and_send(world, 2)
        clock.move_to(START + timedelta(minutes=59))
        assert alerts.alert_failing() == 0
        clock.move_to(START + timedelta(minutes=61))
        assert alerts.alert_failing() == 1
        assert alerts.alert_failing() == 0
        clock.move_to(START + timedelta(days=1))
        assert alerts.alert_failing() == 1
    assert Notification.objects.filter(user=world.manager).count() == 2
    assert not Notification.objects.exclude(user=world.manager).exists()


def test_messages_without_a_program_alert_the_admins(world, outage):
    with time_machine.travel(START, tick=False) as clock:
        row = factories.OutboxMessageFactory(program=None)
        send_message.apply(args=(row.pk,))
        clock.move_to(START + timedelta(hours=2))
        assert alerts.alert_failing() == 1
    assert Notification.objects.get().user == world.admin


def test_a_failing_alert_does_not_alert_about_itself(world, outage):
    with time_machine.travel(START, tick=False) as clock:
        factories.OutboxMessageFactory(kind="outbox_failing", program=world.program, state="pending",
                                       first_failed_at=START, retry_step=1)
        clock.move_to(START + timedelta(hours=2))
        assert alerts.alert_failing() == 0
