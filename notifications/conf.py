"""Reminder and outbox settings, with their defaults (overridable in config/settings.py)."""

from django.conf import settings


def reminder_offsets():
    """Days before a due date at which a reminder goes out, largest first (30, 7, 1 by default)."""
    return sorted({int(day) for day in getattr(settings, "CONCERTO_REMINDER_OFFSETS", (30, 7, 1))
                   if int(day) > 0}, reverse=True)


def grace_days():
    """Days overdue after which a report is escalated to the program's analysts."""
    return int(getattr(settings, "CONCERTO_REMINDER_GRACE_DAYS", 14))
