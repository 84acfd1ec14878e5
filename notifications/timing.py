"""Which reminder a due date calls for today: one pure function, tested across a calendar, and its SQL twin
for the sources that select and claim their reminders in the database (notifications.reminders.SetSource)."""

from django.db.models import Case, CharField, DateField, F, Func, IntegerField, Value, When
from django.db.models.functions import Cast, Concat


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


class DaysUntil(Func):
    """The days from `today` to a date column, as an integer, in SQL: the set-based sources' `days`."""

    output_field = IntegerField()

    def __init__(self, column, today):
        super().__init__(column, Value(today, output_field=DateField()))

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler, connection):
        return self.as_sql(compiler, connection, function="", template="CAST(julianday(%(expressions)s) AS INTEGER)",
                           arg_joiner=") - julianday(")


def occurrence_sql(days, offsets):
    """occurrence() in SQL, from the name of an integer annotation of the days until the due date (NULL when
    nothing is due): the same windows, so a set-based source claims what the Python one would."""
    whens, lower = [], 0
    for offset in sorted(offsets):
        whens.append(When(**{f"{days}__gt": lower, f"{days}__lte": offset}, then=Value(f"before-{offset}")))
        lower = offset
    whens.append(When(**{days: 0}, then=Value("due")))
    whens.append(When(**{f"{days}__lt": 0}, then=Concat(Value("overdue-w"), week_sql(-F(days) - 1))))
    return Case(*whens, default=None, output_field=CharField())


def week_sql(days_since):
    """weeks_since() in SQL, as text ("1", "2"…), from an integer expression of the days since the start."""
    return Cast(days_since / 7 + 1, CharField())
