"""Each person's open assignments per program (scoring.models.ReviewerLoad), kept for the balanced
suggestion of the assignment page and the API's candidates.

An assignment opens when it is made or renewed and closes when it is cancelled or the person recuses:
scoring.services.assignments calls refresh in the transaction of each of these changes. Code that writes
assignments in bulk (datasets, fixtures) calls rebuild afterwards (the command rebuild_reviewer_loads does
it for a whole database). A load is always recounted from the person's assignments, never incremented: a
refresh repairs whatever it finds.
"""

from django.db import connection

from core.sql import table
from grants.models import Proposal

from .models import ReviewerAssignment, ReviewerLoad

OPEN_STATES = (ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE)


def refresh(program_id, reviewer_id):
    """Recount the person's open assignments in the program, in the caller's transaction."""
    # Two assignments of one person at once: the row is locked first, so the second count waits for the first
    # transaction to commit, then sees both assignments (each statement sees what is committed when it starts).
    ReviewerLoad.objects.bulk_create([ReviewerLoad(program_id=program_id, reviewer_id=reviewer_id,
                                                   open_assignments=0)], ignore_conflicts=True)
    load = ReviewerLoad.objects.select_for_update().get(program_id=program_id, reviewer_id=reviewer_id)
    # The person's own assignments (index on the reviewer), a few hundred at most.
    load.open_assignments = ReviewerAssignment.objects.filter(
        reviewer_id=reviewer_id, state__in=OPEN_STATES, proposal__program_id=program_id).count()
    load.save(update_fields=["open_assignments"])
    return load.open_assignments


def of(program_id, reviewer_ids):
    """{person id: open assignments in the program} of these people (absent: none)."""
    return dict(ReviewerLoad.objects.filter(program_id=program_id, reviewer_id__in=reviewer_ids)
                .values_list("reviewer_id", "open_assignments"))


def rebuild(program_ids=None):
    """Every load, or those of the programs `program_ids`, recounted from the assignments; returns how many
    (program, person) pairs hold open assignments."""
    kept = ReviewerLoad.objects.all() if program_ids is None else ReviewerLoad.objects.filter(
        program_id__in=program_ids)
    kept.delete()
    where, params = "", []
    if program_ids is not None:
        where = f"AND p.program_id IN ({', '.join(['%s'] * len(program_ids))})"
        params = list(program_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table(ReviewerLoad)} (program_id, reviewer_id, open_assignments) "
            f"SELECT p.program_id, a.reviewer_id, COUNT(*) FROM {table(ReviewerAssignment)} a "
            f"JOIN {table(Proposal)} p ON p.id = a.proposal_id WHERE a.state IN (%s, %s) {where} "
            "GROUP BY p.program_id, a.reviewer_id", [*OPEN_STATES, *params])
        return cursor.rowcount
