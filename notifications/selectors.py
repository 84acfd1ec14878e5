"""Reads for the notification pages: one query per list whatever its length."""

from django.db import router
from django.db.models import Count, Q

from core.compiled import Compiled

from . import rendering
from .models import MessageTemplate, Notification, OutboxMessage
from .rules import visible_program_ids

# The header counts up to this many unread notifications, then says "99+": counting all of them took 6 ms on
# every page for an analyst with 19,000 (every submit of the program tells its analysts), and grew with them.
UNREAD_SHOWN = 99


# Read on every signed-in page: compiled once per process and connection, and prepared (core.compiled).
_UNREAD = Compiled(lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True).order_by()
                   .values_list("pk")[:UNREAD_SHOWN + 1])


def unread_count(user):
    """The person's unread notifications, UNREAD_SHOWN + 1 at most."""
    return len(_UNREAD.rows(user.pk, using=router.db_for_read(Notification)))


def notifications_for(user):
    return Notification.objects.filter(user=user).select_related("message")


def with_text(notifications):
    """Give each notification its title, text and link: the sent copy, or rendered now (one template query
    for the whole page)."""
    overrides = {(row.kind, row.language): row for row in MessageTemplate.objects.all()}
    for notification in notifications:
        message = notification.message
        if message.subject:
            notification.title, notification.text = message.subject, message.body_text
        else:
            shown = rendering.render(message.kind, message.language, message.context, overrides)
            notification.title, notification.text = shown.subject, shown.body_text
        notification.url = message.context.get("url", "")
    return notifications


def visible_messages(user):
    """The outbox rows of the programs the person manages (every row for an admin)."""
    program_ids = visible_program_ids(user)
    messages = OutboxMessage.objects.all()
    return messages if program_ids is None else messages.filter(Q(program_id__in=program_ids))


def _filtered(messages, *, kind="", created_from=None, created_before=None):
    if kind:
        messages = messages.filter(kind=kind)
    if created_from:
        messages = messages.filter(created_at__gte=created_from)
    if created_before:
        messages = messages.filter(created_at__lt=created_before)
    return messages


NEEDS_ATTENTION = Q(needs_attention=True)
# Pending again after a transient error: the long retry schedule is still running.
RETRYING = Q(state=OutboxMessage.State.PENDING, first_failed_at__isnull=False)


def outbox_for(user, *, state="", **filters):
    """The page's rows; `state` is a row state, "attention" or "retrying" (notifications.forms)."""
    messages = _filtered(visible_messages(user), **filters).select_related("recipient", "program")
    if state == "attention":
        messages = messages.filter(NEEDS_ATTENTION)
    elif state == "retrying":
        messages = messages.filter(RETRYING)
    elif state:
        messages = messages.filter(state=state)
    return messages.defer("body_html", "body_text", "context")


def needing_attention(user, **filters):
    """The messages given up on that the person may send again (their programs, the page's filters)."""
    return _filtered(visible_messages(user), **filters).filter(NEEDS_ATTENTION)


def outbox_summary(user):
    """{"attention": given up, a person must look; "retrying": still retried on the long schedule}, one
    query reading only those rows."""
    return visible_messages(user).filter(NEEDS_ATTENTION | RETRYING).aggregate(
        attention=Count("id", filter=NEEDS_ATTENTION), retrying=Count("id", filter=RETRYING))
