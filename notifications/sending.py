"""Sending outbox rows: claim with a conditional update, send, record the outcome.

A row is sent only by the worker whose UPDATE ... WHERE state='pending' changed exactly one row (the
healthchecks pattern), so a task delivered twice, a retry and a sweep racing each other send one email.
The one gap no outbox closes: a worker killed between the SMTP call and the "sent" update leaves the row
in "sending"; after CONCERTO_OUTBOX_STUCK_MINUTES the sweep puts it back to pending (at least once).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.errors import Forbidden, NotFound

from . import rendering, rules
from .models import OutboxMessage
from .outbox import enqueue, forget_broker_failure

logger = logging.getLogger(__name__)
State = OutboxMessage.State

# Transient: the task retries them with backoff. Refused addresses will not get better by waiting.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
PERMANENT_SMTP_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def claim(message_id):
    now = timezone.now()
    changed = OutboxMessage.objects.filter(id=message_id, state=State.PENDING).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return changed == 1


def deliver(message_id, *, final_attempt=True):
    """Claim and send one row. Returns True when this call sent it, False when there was nothing to do.

    On a transient error the row goes back to pending (or to failed on the final attempt) and the error
    is re-raised for the task's retry; any other error marks the row failed.
    """
    if not claim(message_id):
        return False
    message = OutboxMessage.objects.get(id=message_id)
    try:
        rendered = rendering.render(message.kind, message.language, message.context)
        email = EmailMultiAlternatives(rendered.subject, rendered.body_text, settings.DEFAULT_FROM_EMAIL,
                                       [message.to_email], connection=get_connection())
        email.attach_alternative(rendered.body_html, "text/html")
        email.send()
    except PERMANENT_SMTP_ERRORS as error:
        _finish(message_id, State.FAILED, error=repr(error))
        return False
    except TRANSIENT_ERRORS as error:
        if final_attempt:
            _finish(message_id, State.FAILED, error=repr(error))
            return False
        _release(message_id, error)
        raise
    except Exception as error:
        logger.exception("Outbox message %s failed", message_id)
        _finish(message_id, State.FAILED, error=repr(error))
        return False
    _finish(message_id, State.SENT, rendered=rendered)
    return True


def _finish(message_id, state, *, error="", rendered=None):
    values = {"state": state, "last_error": error[:2000]}
    if rendered is not None:
        values |= {"subject": rendered.subject, "body_text": rendered.body_text,
                   "body_html": rendered.body_html, "sent_at": timezone.now()}
    OutboxMessage.objects.filter(id=message_id, state=State.SENDING).update(**values)


def _release(message_id, error):
    # Back to pending so the retry can claim it; the sweep leaves it alone until the backoff is over.
    delay = timedelta(seconds=min(3600, 30 * 2 ** OutboxMessage.objects.get(id=message_id).attempts))
    OutboxMessage.objects.filter(id=message_id, state=State.SENDING).update(
        state=State.PENDING, last_error=repr(error)[:2000], available_at=timezone.now() + delay)


def sweep(now=None):
    """Reclaim rows stuck in "sending", then enqueue pending rows older than a minute. Returns the counts."""
    forget_broker_failure()
    now = now or timezone.now()
    stuck_before = now - timedelta(minutes=settings.CONCERTO_OUTBOX_STUCK_MINUTES)
    reclaimed = OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lt=stuck_before).update(
        state=State.PENDING, last_error="interrupted while sending", available_at=now)
    ready = Q(state=State.PENDING, created_at__lt=now - timedelta(minutes=1), available_at__lte=now)
    ids = list(OutboxMessage.objects.filter(ready).order_by("id").values_list("id", flat=True)[:5000])
    return {"reclaimed": reclaimed, "pending": len(ids), "enqueued": enqueue(ids)}


def resend(message, actor):
    """Staff "renvoyer": a failed (or stranded pending) row goes back to the queue. Returns True if it did.

    Refused with NotFound for a message outside the actor's programs, Forbidden for one they only see.
    """
    if not rules.can_manage_message(actor, message):
        visible = rules.visible_program_ids(actor)
        raise Forbidden() if visible is None or message.program_id in visible else NotFound()
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(
            id=message.id, state__in=[State.FAILED, State.PENDING]).update(
            state=State.PENDING, available_at=timezone.now(), last_error="")
        if changed:
            logger.info("Outbox message %s re-queued by %s", message.id, actor)
            transaction.on_commit(lambda: enqueue([message.id]))
    return bool(changed)
