"""Which reminder a due date calls for today: one pure function, tested across a calendar."""


def occurrence(due_on, today, offsets):
    """("before-7", days_left) / ("due", 0) / ("overdue-w2", days_late), or None when nothing is due.

    A reminder window runs from its offset down to the next smaller one, so a scan that missed a day
    still sends the reminder (once: the occurrence is the claim key). Overdue: one per week, the first
    on the day after the due date.
    """
    days = (due_on - today).days
    if days > 0:
        windows = [offset for offset in offsets if offset >= days]
        return (f"before-{min(windows)}", days) if windows else None
    if days == 0:
        return "due", 0
    late = -days
    return f"overdue-w{(late - 1) // 7 + 1}", late


def weeks_since(start, today):
    """The week number (1, 2…) since `start`, for weekly chases; None before it."""
    days = (today - start).days
    return None if days < 0 else days // 7 + 1
