"""Scoring pieces other pages include: navigation helpers (from the cached program roles, no query) and
the reviews summary of the staff proposal page."""

from django import template

from core import access
from scoring import aggregation, queries

register = template.Library()


@register.filter
def reviews_proposals(user):
    """Reviewers, and analysts (who may be assigned too), have a "my reviews" page."""
    return bool(access.program_ids_with_role(user, access.REVIEWER, access.ANALYST))


@register.filter
def ranks_calls(user):
    return bool(access.is_admin(user) or access.program_ids_with_role(user, *access.ANALYSIS))


@register.inclusion_tag("scoring/includes/review_summary.html", takes_context=True)
def review_summary(context, proposal):
    """Submitted / required reviews for everyone on the staff page; the mean and median only for those
    who may read the reviews (scoring staff; the board reads them in the packet), the assignment link
    for analysts and managers. A fixed number of queries, whatever the number of reviews.
    """
    user = context["request"].user
    summary = aggregation.summarise(queries.submitted_totals(proposal))
    return {
        "proposal": proposal, "summary": summary, "required": proposal.call.required_reviews,
        # Same rule as the reviews page (the permission excludes staff tied to the applicant).
        "shows_scores": user.has_perm("scoring.view_proposal_reviews", proposal),
        "manages": user.has_perm("scoring.manage_assignments", proposal),
    }
