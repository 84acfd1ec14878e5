"""The reviewer's page ("Mes évaluations"): their open assignments in four groups, each group's count and
next due date in one aggregate query, and one keyset page of the group shown (soonest due first; submitted
reviews latest due first). The page costs the same queries with 10 or 1,000 assignments.

Recused and cancelled assignments are not listed: the proposal is no longer the reviewer's to handle.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _

from core import keyset

from .models import Review, ReviewerAssignment

PAGE_SIZE = 25
OPEN = (ReviewerAssignment.State.PENDING, ReviewerAssignment.State.ACTIVE)
ACTIVE = ReviewerAssignment.State.ACTIVE
# What a row shows, and the state fields the models' concurrency checks read when a row is loaded.
COLUMNS = ("state", "due_on", "proposal_id", "proposal__state", "proposal__title", "proposal__call__title",
           "proposal__organisation__legal_name", "review__state")


@dataclass(frozen=True)
class Group:
    slug: str  # in the address: ?groupe=<slug>
    label: str
    condition: Q
    latest_first: bool = False


GROUPS = (
    Group("a-declarer", _("À déclarer"), Q(state=ReviewerAssignment.State.PENDING)),
    Group("a-evaluer", _("À évaluer"), Q(state=ACTIVE, review__isnull=True)),
    Group("en-cours", _("En cours"), Q(state=ACTIVE, review__state=Review.State.DRAFT)),
    Group("soumises", _("Soumises"), Q(state=ACTIVE, review__state=Review.State.SUBMITTED), latest_first=True),
)
BY_SLUG = {group.slug: group for group in GROUPS}


@dataclass(frozen=True)
class Tally:
    group: Group
    count: int
    next_due: date | None  # the soonest due date in the group (None for submitted reviews: nothing is due)


def open_assignments(user):
    return ReviewerAssignment.objects.filter(reviewer=user, state__in=OPEN)


def tallies(user):
    """Each group's count and soonest due date, in one query over the reviewer's assignments."""
    aggregates = {}
    for index, group in enumerate(GROUPS):
        aggregates[f"count_{index}"] = Count("pk", filter=group.condition)
        aggregates[f"due_{index}"] = Min("due_on", filter=group.condition)
    row = open_assignments(user).aggregate(**aggregates)
    return [Tally(group, row[f"count_{index}"], None if group.latest_first else row[f"due_{index}"])
            for index, group in enumerate(GROUPS)]


def chosen(slug, counts):
    """The group asked for, or else the first with something in it (the first if all are empty)."""
    if slug in BY_SLUG:
        return BY_SLUG[slug]
    return next((tally.group for tally in counts if tally.count), GROUPS[0])


def page(user, group, *, after="", before="", size=PAGE_SIZE):
    rows = (open_assignments(user).filter(group.condition)
            .select_related("proposal__call", "proposal__organisation", "review").only(*COLUMNS))
    order = keyset.Order("due_on", ReviewerAssignment._meta.get_field("due_on"), descending=group.latest_first,
                         nullable=True)
    return keyset.page(rows, order, after=after, before=before, size=size)
