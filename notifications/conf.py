"""Reminder and outbox settings, with their defaults (overridable in config/settings.py)."""

from datetime import timedelta

from django.conf import settings

# After the task's quick retries, the delays before each further attempt: 15 min, 30 min, 1 h, 2 h, 4 h, 8 h,
# 8 h, so a message keeps being tried for about a day before it is left for a person.
RETRY_MINUTES = (15, 30, 60, 120, 240, 480, 480)


def reminder_offsets():
    """Days before a due date at which a reminder goes out, largest first (30, 7, 1 by default)."""
    return sorted({int(day) for day in getattr(settings, "CONCERTO_REMINDER_OFFSETS", (30, 7, 1))
                   if int(day) > 0}, reverse=True)


def grace_days():
    """Days overdue after which a report is escalated to the program's analysts."""
    return int(getattr(settings, "CONCERTO_REMINDER_GRACE_DAYS", 14))


def retry_delays():
    """The long retry schedule, as timedeltas (CONCERTO_OUTBOX_RETRY_MINUTES)."""
    minutes = getattr(settings, "CONCERTO_OUTBOX_RETRY_MINUTES", RETRY_MINUTES)
    return [timedelta(minutes=float(value)) for value in minutes]


def stuck_after():
    """A row "sending" for longer is presumed abandoned by a dead worker (CONCERTO_OUTBOX_STUCK_MINUTES)."""
    return timedelta(minutes=float(getattr(settings, "CONCERTO_OUTBOX_STUCK_MINUTES", 30)))


def requeue_after():
    """A row whose task was handed to the broker longer ago and never ran is handed over again: the task was
    lost (a broker restarted without its data, a worker killed with the task prefetched)."""
    return timedelta(minutes=float(getattr(settings, "CONCERTO_OUTBOX_REQUEUE_MINUTES", 10)))

