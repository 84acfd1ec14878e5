"""Reads for the notification pages: one query per list whatever its length."""

from django.db.models import Q

from . import rendering
from .models import MessageTemplate, Notification, OutboxMessage
from .rules import visible_program_ids


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


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


def outbox_for(user, *, state=""):
    messages = OutboxMessage.objects.select_related("recipient", "program")
    program_ids = visible_program_ids(user)
    if program_ids is not None:
        messages = messages.filter(Q(program_id__in=program_ids))
    if state:
        messages = messages.filter(state=state)
    return messages.defer("body_html", "body_text")
