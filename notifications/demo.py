"""Demo step of `seed_demo`: the beat schedules and today's reminder scan.

The outbox holds what the story's services queued (submissions, assignments, decisions, reports…) and the
reminders found here: reports due in a week or overdue. The scan claims each reminder once, so a second
run queues nothing new.
"""

from . import reminders, schedules


def seed(context):
    schedules.ensure_current()
    reminders.scan()
