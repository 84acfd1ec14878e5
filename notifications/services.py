"""Writes of the notification centre: each takes the acting user and runs in one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import Notification


@transaction.atomic
def mark_read(user, notification_id):
    """Mark one of the user's notifications read; another user's notification does not exist for them."""
    return Notification.objects.filter(user=user, id=notification_id, read_at__isnull=True).update(
        read_at=timezone.now())


@transaction.atomic
def mark_all_read(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
