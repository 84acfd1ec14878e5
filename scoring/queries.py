"""Shared reads about reviews: counts and query annotations."""

from django.db.models import Avg, Count, Max, Min, Q

from .models import Review, ReviewerAssignment

SUBMITTED = Q(reviews__state=Review.State.SUBMITTED)


def submitted_review_count(proposal):
    """How many reviews of this proposal are submitted (drafts never count): the recommend guard."""
    return Review.objects.filter(proposal=proposal, state=Review.State.SUBMITTED).count()


def submitted_totals(proposal):
    """The weighted totals (/100) of this proposal's submitted reviews, in one query."""
    return list(Review.objects.filter(proposal=proposal, state=Review.State.SUBMITTED)
                .values_list("weighted_total", flat=True))


def with_review_stats(proposals):
    """Annotate a Proposal queryset with its submitted reviews' count, mean, min and max totals."""
    return proposals.annotate(
        submitted_reviews=Count("reviews", filter=SUBMITTED, distinct=True),
        mean_total=Avg("reviews__weighted_total", filter=SUBMITTED),
        min_total=Min("reviews__weighted_total", filter=SUBMITTED),
        max_total=Max("reviews__weighted_total", filter=SUBMITTED),
    )


def assignments_of(user):
    """The reviewer's assignments, newest first, with what the 'Mes évaluations' list shows."""
    return (
        ReviewerAssignment.objects.filter(reviewer=user)
        .exclude(state=ReviewerAssignment.State.CANCELLED)
        .select_related("proposal__call", "proposal__organisation", "review")
        .order_by("due_on", "-assigned_at")
    )


def reviews_of(proposal):
    """Submitted reviews of a proposal with their scores and criteria (three queries)."""
    return (
        Review.objects.filter(proposal=proposal, state=Review.State.SUBMITTED)
        .select_related("reviewer", "rubric")
        .prefetch_related("scores__criterion__axis")
        .order_by("submitted_at")
    )
