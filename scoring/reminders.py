"""What notifications chases about reviews: the review reminder source and the digest's pending reviews.

Registered with the notifications engine when the app is ready (ScoringConfig.ready()).
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Exists, OuterRef

from grants.states import State
from notifications import timing
from notifications.digest import register_digest_section
from notifications.reminders import register_source
from notifications.sources import Reminder, due_values, person, rows_with_proposal

from .models import Review, ReviewerAssignment

ASSIGNMENT = ReviewerAssignment._meta.label_lower
# Reviews are chased while the proposal is being analysed.
CHASED_WHILE = (State.SUBMITTED, State.UNDER_ANALYSIS)


def pending_assignments():
    """Open assignments without a submitted review, while the proposal is being analysed."""
    submitted = Review.objects.filter(assignment=OuterRef("pk"), state=Review.State.SUBMITTED)
    return ReviewerAssignment.objects.filter(
        state__in=[ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE],
        proposal__state__in=CHASED_WHILE,
    ).exclude(Exists(submitted))


def review_reminders(today, offsets, grace):
    """Pending reviews with a due date: before, on and after it, to the assigned reviewer."""
    due = pending_assignments().filter(
        due_on__isnull=False, due_on__lte=today + timedelta(days=offsets[0] if offsets else 0))
    own = {"id": "id", "due_on": "due_on", "reviewer_id": "reviewer_id", "reviewer_email": "reviewer__email",
           "reviewer_name": "reviewer__full_name", "reviewer_language": "reviewer__language"}
    for row in rows_with_proposal(due, "proposal__", own):
        found = timing.occurrence(row["due_on"], today, offsets)
        if found is None:
            continue
        occurrence, days = found
        reviewer = person(row["reviewer_id"], row["reviewer_email"], row["reviewer_name"], row["reviewer_language"])
        yield Reminder("review", ASSIGNMENT, row["id"], "review_reminder", occurrence, row["program_id"],
                       [reviewer], row | due_values(occurrence, days))


def pending_reviews(today):
    """The digest's pending reviews: proposal title and reviewer."""
    found = defaultdict(list)
    for program_id, title, reviewer, email in pending_assignments().values_list(
            "proposal__call__program_id", "proposal__title", "reviewer__full_name", "reviewer__email"):
        found[program_id].append((title, "reviewer", reviewer or email))
    return found


register_source(review_reminders)
register_digest_section("pending_reviews", pending_reviews)
