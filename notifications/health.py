"""The outbox's backlog for core's health endpoint: a message due for minutes and still pending means no
worker is sending (or its task was lost and the sweep is not running either)."""

from core import health

from .models import OutboxMessage


def oldest_due(now):
    """When the longest-waiting pending message became due, or None (a message waiting for its next retry
    is not due yet)."""
    return (OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING, available_at__lte=now)
            .order_by("available_at").values_list("available_at", flat=True).first())


health.register_backlog("outbox", oldest_due)
