"""Demo step of `seed_demo`: the beat schedules, today's reminder scan, a few messages for the outbox page."""

from django.db import transaction

from . import outbox, reminders, schedules


def seed(context):
    schedules.ensure_current()
    reminders.scan()  # idempotent: the claims make a second seed send nothing new
    people = context.get("people", {})
    proposals = context.get("proposals", [])
    if not people or not proposals:
        return
    proposal = proposals[0][0]
    with transaction.atomic():
        # An occurrence makes these idempotent: seeding twice queues nothing new.
        outbox.queue(kind="proposal_submit", recipients=[people["applicant"]], obj=proposal,
                     occurrence="demo")
        outbox.queue(kind="review_assigned", recipients=[people["reviewer"]], obj=proposal,
                     occurrence="demo")
