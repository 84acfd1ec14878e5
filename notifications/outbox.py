"""The outbox: every email and in-app message is a row written in the caller's transaction.

Rendering happens at SEND time, from a context frozen at queue time (plain strings in the recipient's
language, captured inside the event's transaction), because: the reminder scan then writes thousands of
rows as one bulk insert; a wording fixed by a program manager applies to messages still waiting; and a
broken edited template can never roll back the event that caused the message. What was actually sent is
stored on the row (subject, text, HTML).

queue() never sends. After the caller's transaction commits, the rows are handed to Celery, up to BATCH rows
per task (one event's messages in one publish: each publish costs the request about 0.4 ms); if the
broker is unreachable the failure is logged and swallowed (the event and the row are committed), and the
sweep (notifications.sending.sweep) enqueues the row later.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import broker

from . import bulk, kinds
from . import context as message_context
from .models import Notification, OutboxMessage

logger = logging.getLogger(__name__)
# After a broker failure, skip enqueueing for a while: each attempt at a dead Redis costs seconds (redis-py
# retries the connection) and the sweep sends those rows anyway.
PUBLISHER = broker.Publisher("outbox message batch")
BATCH = 20  # rows per send_messages task: a transition's recipients in one; a scan's thousands still spread


def queue(*, kind, recipients, context=None, obj=None, occurrence="", about=None, program_id=None):
    """Write one outbox row per recipient (a User or a bare email address) and return the new rows.

    messages() then write() do the same in two steps, for a caller that writes the rows later in its transaction.

    With an `occurrence` ("d-7", "2027-W03", a log id…) the row gets a unique dedupe key per
    (recipient, kind, object, occurrence): queueing it again does nothing. Without one, each call is a
    new event (two change requests are two messages); the caller's transaction makes it happen once.
    Users get their `language`; a bare address gets context["language"] or French.
    What the message is about comes from `obj`, or without one from `about` = (object_type, object_id)
    and `program_id` (the weekly digest: one program).
    """
    kind_def = kinds.get(kind)
    return write(_rows(kind, recipients, context, obj, occurrence, about, program_id), in_app=kind_def.in_app)


def messages(*, kind, recipients, context=None, obj=None, occurrence="", about=None, program_id=None):
    """The unsaved rows queue() writes, their context frozen: a value known only later (a proposal's file number,
    taken as late as can be: workflow.references) can still be set in their `context` before write()."""
    kinds.get(kind)  # an unknown kind fails here, not at sending
    return _rows(kind, recipients, context, obj, occurrence, about, program_id)


def _rows(kind, recipients, context, obj, occurrence, about, program_id):
    object_type, object_id = about or message_context.object_ref(obj)
    rows = []
    for user, email in _resolve(recipients):
        language = getattr(user, "language", "") or (context or {}).get("language") or settings.LANGUAGE_CODE
        name = user.get_full_name() if user else ""
        frozen, found_program_id = message_context.build(obj=obj, context=context, language=language,
                                                         recipient_name=name)
        rows.append(OutboxMessage(
            kind=kind, recipient=user, to_email=email, language=language, context=frozen,
            object_type=object_type, object_id=object_id, occurrence=occurrence,
            program_id=program_id or found_program_id,
            dedupe_key=dedupe_key(kind, object_type, object_id, occurrence, email) if occurrence else None,
        ))
    return rows


def dedupe_key(kind, object_type, object_id, occurrence, email):
    return f"{kind}|{object_type}:{object_id or ''}|{occurrence}|{email.lower()}"[:255]


def _resolve(recipients):
    """(user or None, email) pairs, each address once, in the given order."""
    if recipients is None:
        return []
    if isinstance(recipients, str) or hasattr(recipients, "email"):
        recipients = [recipients]
    seen, pairs = set(), []
    for recipient in recipients:
        user = None if isinstance(recipient, str) else recipient
        email = (recipient if user is None else user.email or "").strip()
        if not email or email.lower() in seen or (user is not None and not user.is_active):
            continue
        seen.add(email.lower())
        pairs.append((user, email))
    return pairs


def write(rows, *, in_app=None, unique=False):
    """Insert rows (skipping existing dedupe keys), their in-app copies, and enqueue them after commit.

    `in_app`: whether the rows get in-app copies; by default as their kind says (rows of one kind, messages()).
    `unique=True` is for callers that already hold a database claim on every key (the reminder scan):
    the rows are inserted in bulk without looking for existing keys.
    """
    if in_app is None:
        in_app = bool(rows) and kinds.get(rows[0].kind).in_app
    # Stamped as handed over in the INSERT itself: enqueue() runs right after the commit and would otherwise
    # stamp them in a statement (and a transaction) of its own; a failed publish takes the stamp back.
    now = timezone.now()
    for row in rows:
        row.queued_at = now
    if unique:
        created = bulk.insert_messages(rows, in_app=in_app)
    else:
        created = _insert_new(rows, in_app)
    if created:
        transaction.on_commit(partial(enqueue, [row.id for row in created], stamped=True))
    return created


def _insert_new(rows, in_app):
    """The rows without a dedupe key, and those whose key is new (a concurrent twin loses quietly), with their
    in-app copies."""
    keyed = [row for row in rows if row.dedupe_key]
    created = OutboxMessage.objects.bulk_create([row for row in rows if not row.dedupe_key])
    if in_app:
        Notification.objects.bulk_create(
            [Notification(user_id=row.recipient_id, message=row) for row in created if row.recipient_id])
    if keyed:
        inserted = bulk.insert_new(keyed, in_app=in_app)
        for row in keyed:
            if row.id is None:
                logger.info("Outbox message %s already queued", row.dedupe_key)
        created += inserted
    return created


def enqueue(ids, *, stamped=False):
    """Hand the ids to Celery after commit; a broker failure leaves the rest to the sweep (never raises).

    The rows are stamped `queued_at` first (before a worker can claim them), so the sweep does not hand them
    over again while their tasks wait in the broker; the stamp is taken back from those not handed over.
    `stamped`: write() already stamped them in their INSERT. A process that dies between the commit and the
    publish leaves them stamped: the sweep hands them over once the stamp is older than requeue_after, as
    for a task lost by the broker.
    """
    from .tasks import send_messages

    if not ids:
        return 0
    pending = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING)
    if not stamped:
        pending.filter(id__in=ids).update(queued_at=timezone.now())
    batches = [ids[start:start + BATCH] for start in range(0, len(ids), BATCH)]
    published = sum(len(batch) for batch in batches[:PUBLISHER.publish(send_messages, batches)])
    if published < len(ids):
        pending.filter(id__in=ids[published:]).update(queued_at=None)
    return published


def forget_broker_failure():
    PUBLISHER.forget_failure()
