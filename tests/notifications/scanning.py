"""Run the reminder scan as Celery beat does: at 6:00 in Toronto on the given day."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import time_machine

from notifications import reminders

TORONTO = ZoneInfo("America/Toronto")


def scan_on(day, **kwargs):
    with time_machine.travel(datetime.combine(day, time(6), tzinfo=TORONTO), tick=False):
        return reminders.scan(**kwargs)
