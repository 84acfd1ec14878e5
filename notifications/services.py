"""Writes of the notification centre and the outbox page: each takes the acting user and runs in one
transaction."""

import logging

from django.db import transaction
from django.utils import timezone

from core.errors import Forbidden

from . import rules, selectors
from .models import Notification
from .sending import FRESH

logger = logging.getLogger(__name__)


@transaction.atomic
def mark_read(user, notification_id):
    """Mark one of the user's notifications read; another user's notification does not exist for them."""
    return Notification.objects.filter(user=user, id=notification_id, read_at__isnull=True).update(
        read_at=timezone.now())


@transaction.atomic
def mark_all_read(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def resend_failed(actor, *, kind="", created_from=None, created_before=None):
    """Put every message given up on (needing attention) of the actor's programs back in the queue, optionally
    only one kind and those created in [created_from, created_before). Returns how many.

    The periodic sweep hands them to the workers within a minute: a morning's 2,000 reminders are one
    UPDATE here, never 2,000 broker calls inside the request.
    """
    if not rules.can_view_outbox(actor):
        raise Forbidden()
    filters = {"kind": kind, "created_from": created_from, "created_before": created_before}
    count = selectors.needing_attention(actor, **filters).update(available_at=timezone.now(), **FRESH)
    logger.info("%s failed outbox message(s) re-queued by %s (%s)", count, actor,
                ", ".join(f"{name}={value}" for name, value in filters.items() if value) or "all")
    return count
