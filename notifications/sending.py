"""Sending outbox rows: claim with a conditional update, send, record the outcome.

A row is sent only by the worker whose UPDATE ... WHERE state='pending' changed exactly one row (the
healthchecks pattern), so a task delivered twice, a retry and a sweep racing each other send one email.
What no outbox closes: a process that dies between the SMTP server's acceptance and the "sent" update
leaves the row in "sending"; after CONCERTO_OUTBOX_STUCK_MINUTES the sweep puts it back to pending and it
goes out again. The window is narrowed, not closed: the "sent" update is retried on a fresh connection,
and every copy carries the row's own Message-ID, so mail servers and clients can recognise a resend.

Failures: the task retries a transient SMTP error a few times within minutes; then the row follows the
long schedule (notifications.conf.retry_delays: one attempt per step, sent by the sweep), and only when
that is exhausted, or at once for a refused address, is it failed and marked for attention.
"""

import logging
import smtplib
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import DNS_NAME
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.errors import Forbidden, NotFound

from . import conf, rendering, rules
from .models import OutboxMessage
from .outbox import enqueue, forget_broker_failure

logger = logging.getLogger(__name__)
State = OutboxMessage.State

# Transient: the task retries them with backoff. Refused addresses will not get better by waiting.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
PERMANENT_SMTP_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)
# Seconds between tries of an outcome update on a dropped database connection (then it gives up).
MARK_RETRY_SECONDS = (0.5, 2.0)


def claim(message_id):
    now = timezone.now()
    changed = OutboxMessage.objects.filter(id=message_id, state=State.PENDING).update(
        state=State.SENDING, claimed_at=now, queued_at=None, attempts=F("attempts") + 1)
    return changed == 1


def message_id_header(message):
    """The row's own Message-ID, the same on every copy: `<outbox-42.20270315141500@concerto.example.org>`.

    The creation time keeps it unique when a database is reset and its ids start again.
    """
    domain = urlsplit(settings.SITE_URL).hostname or str(DNS_NAME)
    return f"<outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def deliver(message_id, *, final_attempt=True):
    """Claim and send one row. Returns True when this call sent it, False when there was nothing to do.

    On a transient error the row goes back to pending and the error is re-raised for the task's quick
    retry; on the task's last attempt, or for a row already on the long schedule, the row waits for the
    next step of the schedule (the sweep sends it then). Any other error marks the row failed.
    """
    if not claim(message_id):
        return False
    message = OutboxMessage.objects.get(id=message_id)
    # Opened here, so sending leaves it open: the row is marked sent as soon as the server has accepted the
    # message, before the QUIT round trip, which would otherwise widen the window for a duplicate.
    smtp = get_connection()
    try:
        return _send(message, smtp, final_attempt)
    finally:
        _close(smtp)


def deliver_each(message_ids, *, final_attempt=True):
    """deliver() each row in turn; how many this call sent. A transient error is raised after the last row
    (for the task's retry); any other error is logged and the rows after it still go out (a row it left
    claimed is taken back by the sweep after CONCERTO_OUTBOX_STUCK_MINUTES)."""
    sent, transient = 0, None
    for message_id in message_ids:
        try:
            sent += deliver(message_id, final_attempt=final_attempt)
        except TRANSIENT_ERRORS as error:
            transient = transient or error
        except Exception:  # noqa: BLE001 - one row's failure must not keep the others of its task unsent
            logger.exception("Outbox message %s: sending failed", message_id)
    if transient is not None:
        raise transient
    return sent


def _send(message, smtp, final_attempt):
    try:
        rendered = rendering.render(message.kind, message.language, message.context)
        email = EmailMultiAlternatives(rendered.subject, rendered.body_text, settings.DEFAULT_FROM_EMAIL,
                                       [message.to_email], connection=smtp,
                                       headers={"Message-ID": message_id_header(message)})
        email.attach_alternative(rendered.body_html, "text/html")
        smtp.open()
        email.send()
    except PERMANENT_SMTP_ERRORS as error:
        _give_up(message, error)
        return False
    except TRANSIENT_ERRORS as error:
        if final_attempt or message.retry_step:
            _postpone(message, error)
            return False
        _release(message, error)
        raise
    except Exception as error:
        logger.exception("Outbox message %s failed", message.id)
        _give_up(message, error)
        return False
    _mark_sent(message.id, rendered)
    return True


def _close(smtp):
    try:
        smtp.close()
    except (smtplib.SMTPException, OSError):
        logger.info("SMTP connection closed uncleanly", exc_info=True)


def _mark_sent(message_id, rendered):
    values = {"state": State.SENT, "last_error": "", "subject": rendered.subject, "sent_at": timezone.now(),
              "body_text": rendered.body_text, "body_html": rendered.body_html}
    try:
        changed = _update_sending(message_id, values)
    except (OperationalError, InterfaceError):
        logger.error("Outbox message %s went out but could not be marked sent: the sweep will send it again "
                     "after %s", message_id, conf.stuck_after(), exc_info=True)
        raise
    if not changed:
        logger.warning("Outbox message %s went out after the sweep had taken it back", message_id)


def _update_sending(message_id, values):
    """Update the row this worker holds in "sending". A dropped connection (a database restart, a proxy
    cutting idle connections) is retried on a fresh one: losing a "sent" mark means a second email."""
    for delay in (*MARK_RETRY_SECONDS, None):
        try:
            return _update(message_id, values)
        except (OperationalError, InterfaceError):
            if delay is None:
                raise
            logger.warning("Outbox message %s: database error on its outcome, retrying on a new connection",
                           message_id, exc_info=True)
            if not connection.in_atomic_block:
                connection.close()
            time.sleep(delay)


def _update(message_id, values):
    return OutboxMessage.objects.filter(id=message_id, state=State.SENDING).update(**values)


def _failure(message, error):
    return {"last_error": repr(error)[:2000], "first_failed_at": message.first_failed_at or timezone.now()}


def _give_up(message, error):
    _update_sending(message.id, _failure(message, error) | {"state": State.FAILED, "needs_attention": True})


def _release(message, error):
    # Back to pending for the task's own retry (already on its way: queued); the sweep leaves the row alone
    # until the backoff is over.
    delay = timedelta(seconds=min(3600, 30 * 2 ** message.attempts))
    now = timezone.now()
    _update_sending(message.id, _failure(message, error) | {
        "state": State.PENDING, "available_at": now + delay, "queued_at": now})


def _postpone(message, error):
    """The next step of the long schedule, or failed for good when it is exhausted."""
    delays = conf.retry_delays()
    if message.retry_step >= len(delays):
        logger.warning("Outbox message %s given up after %s attempts", message.id, message.attempts)
        _give_up(message, error)
        return
    _update_sending(message.id, _failure(message, error) | {
        "state": State.PENDING, "available_at": timezone.now() + delays[message.retry_step],
        "retry_step": message.retry_step + 1, "queued_at": None})


def sweep(now=None):
    """Reclaim rows stuck in "sending", then enqueue the pending rows that are due and not already queued
    (older than a minute: a new row's own task is on its way). Returns the counts."""
    forget_broker_failure()
    now = now or timezone.now()
    reclaimed = OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lt=now - conf.stuck_after()).update(
        state=State.PENDING, last_error="interrupted while sending", available_at=now, queued_at=None)
    not_queued = Q(queued_at__isnull=True) | Q(queued_at__lt=now - conf.requeue_after())
    ready = Q(state=State.PENDING, created_at__lt=now - timedelta(minutes=1), available_at__lte=now) & not_queued
    ids = list(OutboxMessage.objects.filter(ready).order_by("id").values_list("id", flat=True)[:5000])
    return {"reclaimed": reclaimed, "pending": len(ids), "enqueued": enqueue(ids)}


# What a resend puts back: a fresh start of the retries.
FRESH = {"state": State.PENDING, "last_error": "", "needs_attention": False, "retry_step": 0,
         "first_failed_at": None, "queued_at": None}


def resend(message, actor):
    """Staff "renvoyer": a failed (or stranded pending) row goes back to the queue. Returns True if it did.

    Refused with NotFound for a message outside the actor's programs, Forbidden for one they only see.
    """
    if not rules.can_manage_message(actor, message):
        visible = rules.visible_program_ids(actor)
        raise Forbidden() if visible is None or message.program_id in visible else NotFound()
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(
            id=message.id, state__in=[State.FAILED, State.PENDING]).update(available_at=timezone.now(), **FRESH)
        if changed:
            logger.info("Outbox message %s re-queued by %s", message.id, actor)
            transaction.on_commit(lambda: enqueue([message.id]))
    return bool(changed)
