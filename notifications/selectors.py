"""Reads for the notification pages: one query per list whatever its length."""

from django.db.models import Q

from .models import Notification, OutboxMessage
from .rules import visible_program_ids


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user):
    return Notification.objects.filter(user=user).select_related("message")


def outbox_for(user, *, state=""):
    messages = OutboxMessage.objects.select_related("recipient", "program")
    program_ids = visible_program_ids(user)
    if program_ids is not None:
        messages = messages.filter(Q(program_id__in=program_ids))
    if state:
        messages = messages.filter(state=state)
    return messages.defer("body_html", "body_text")
