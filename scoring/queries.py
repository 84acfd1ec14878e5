"""Shared reads about reviews: counts and query annotations; what each person may list (the API's scopes,
the same rules as the pages: scoring/rules.py)."""

from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone

from core import access
from grants.models import Call, Program, Proposal
from grants.states import State

from . import conflicts
from .models import BoardMeeting, Decision, Review, ReviewerAssignment, Scenario

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


def reviews_of(proposal):
    """Submitted reviews of a proposal with their scores and criteria (three queries)."""
    return (
        Review.objects.filter(proposal=proposal, state=Review.State.SUBMITTED)
        .select_related("reviewer", "rubric")
        .prefetch_related("scores__criterion__axis")
        .order_by("submitted_at")
    )


OPEN_ASSIGNMENT = (ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE)


def _signed_in(user):
    return bool(user and user.is_authenticated)


def visible_calls(user):
    """Calls of the programs where the person holds a role; open calls for members of an organisation (they
    may start a draft), and the calls of their organisations' proposals. Every call for an admin."""
    if not _signed_in(user):
        return Call.objects.none()
    if access.is_admin(user):
        return Call.objects.all()
    organisations = access.organisation_ids(user)
    scope = Q(program_id__in=access.program_ids_with_role(user, *access.PROGRAM_ROLES))
    if organisations:
        now = timezone.now()
        scope |= Q(opens_at__lte=now, closes_at__gt=now) | Q(
            pk__in=Proposal.objects.filter(organisation_id__in=organisations).values("call_id"))
    return Call.objects.filter(scope)


def visible_programs(user):
    """The programs where the person holds a role, and those of the calls they see."""
    if not _signed_in(user):
        return Program.objects.none()
    if access.is_admin(user):
        return Program.objects.all()
    return Program.objects.filter(Q(pk__in=access.program_ids_with_role(user, *access.PROGRAM_ROLES))
                                  | Q(pk__in=visible_calls(user).values("program_id")))


def _in_programs(user, roles, field):
    """Rows of the programs where the person holds one of `roles` (every program for an admin) as a Q."""
    programs = access.visible_program_ids(user, *roles)
    return Q() if programs is None else Q(**{f"{field}__in": programs})


def visible_assignments(user):
    """Analysts and managers: every assignment on their programs' submitted proposals. A reviewer: their own
    while it is open and no conflict is detected (recused, cancelled or conflicted: gone, as on the pages)."""
    if not _signed_in(user):
        return ReviewerAssignment.objects.none()
    staff = _in_programs(user, access.ANALYSIS, "proposal__call__program_id") & ~Q(proposal__state=State.DRAFT)
    own = conflicts.exclude_conflicted(
        ReviewerAssignment.objects.filter(reviewer=user, state__in=OPEN_ASSIGNMENT), user).values("pk")
    return ReviewerAssignment.objects.filter(staff | Q(pk__in=own))


def visible_scenarios(user):
    """The scenarios of the calls the person ranks: analysts and managers of the program."""
    if not _signed_in(user):
        return Scenario.objects.none()
    return Scenario.objects.filter(_in_programs(user, access.ANALYSIS, "call__program_id"))


def visible_meetings(user):
    """Meetings of the programs where the person is staff (analyst, board, manager)."""
    if not _signed_in(user):
        return BoardMeeting.objects.none()
    return BoardMeeting.objects.filter(_in_programs(user, access.STAFF, "program_id"))


def visible_decisions(user):
    """The decisions of the programs where the person is staff, as the meeting pages show them."""
    if not _signed_in(user):
        return Decision.objects.none()
    # The proposal's copy of its program: filtered through the call, the planner read every proposal of the
    # program (a covering index) to find the 50 newest decisions (113 ms at 100,000 proposals, 11 ms so).
    return Decision.objects.filter(_in_programs(user, access.STAFF, "proposal__program_id"))
