"""Board meetings and what the program has committed.

Recording a decision is a transition of the proposal's life cycle: it lives with the life cycle, which
writes the Decision row in the same transaction. Here: the meetings, what is before a meeting, and the
program's commitments by MRC and axis.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core.errors import Forbidden
from grants.models import Axis, Proposal, Territory
from grants.selectors import reserved_by_target
from grants.states import COMMITTED_STATES, DECIDABLE, State

from ..models import BoardMeeting


def create_meeting(program, actor, *, date, title, place="", notes=""):
    if not actor.has_perm("scoring.manage_meetings", program):
        raise Forbidden()
    return BoardMeeting.objects.create(program=program, date=date, title=title, place=place, notes=notes,
                                       created_by=actor)


def meeting_proposals(meeting):
    """The proposals before the meeting: awaiting a decision in its program, or decided at it."""
    return (Proposal.objects.filter(call__program_id=meeting.program_id)
            .filter(Q(state__in=DECIDABLE, decision__isnull=True) | Q(decision__meeting=meeting))
            .select_related("organisation", "primary_axis", "call__program", "decision")
            .prefetch_related("mrcs").order_by("-state", "title", "pk"))  # recommended before not_recommended


@dataclass(frozen=True)
class Commitment:
    label: str
    committed: Decimal
    count: int
    pending: Decimal  # suggested for recommended proposals not decided yet
    reserved: Decimal | None = None  # the program's envelope reservation for this MRC or axis, if any
    key: int | None = None  # the MRC's or the axis's id

    @property
    def remaining(self):
        return None if self.reserved is None else self.reserved - self.committed


def _by(queryset, key, amount):
    return {row[key]: row for row in queryset.values(key).annotate(total=Sum(amount), count=Count("id"))}


def _lines(committed, pending, labels, reserved):
    keys = sorted(set(committed) | set(pending) | set(reserved), key=lambda k: (k is None, labels.get(k, "")))
    return [Commitment(labels.get(key) or _("Sans axe principal"),
                       committed.get(key, {}).get("total") or Decimal("0"), committed.get(key, {}).get("count", 0),
                       pending.get(key, {}).get("total") or Decimal("0"), reserved.get(key), key)
            for key in keys]


def _of(reserved, dimension):
    return {key: amount for (of, key), amount in reserved.items() if of == dimension}


def reservation_floors(program):
    """What is left of each reservation of the program, as scenario floors: {(dimension, id): amount}.

    The scenario's default envelope is the envelope left, so its floors are the reservations left too.
    """
    summary = commitments(program)
    return {(dimension, line.key): line.remaining
            for dimension, lines in (("mrc", summary["by_mrc"]), ("axis", summary["by_axis"]))
            for line in lines if line.remaining is not None and line.remaining > 0}


def commitments(program):
    """What the program has committed (granted to funded, reported and closed proposals), by MRC and axis,
    and what the board has before it (suggested amounts of recommended proposals).

    A proposal reaching several MRCs counts in each of them (as in the scenarios' MRC constraints),
    so the MRC lines may add up to more than the program's total. Each line carries the program's
    reservation for that MRC or axis (grants.EnvelopeReservation), and what is left of it.
    """
    proposals = Proposal.objects.filter(call__program=program)
    funded = proposals.filter(state__in=COMMITTED_STATES)
    pending = proposals.filter(state=State.RECOMMENDED)
    total = funded.aggregate(total=Sum("amount_granted"))["total"] or Decimal("0")
    mrc_names = dict(Territory.objects.filter(kind=Territory.Kind.MRC).values_list("pk", "name"))
    axis_names = dict(Axis.objects.filter(program=program).values_list("pk", "name_fr"))
    reserved = reserved_by_target(program.pk)
    return {
        "envelope": program.envelope,
        "committed": total,
        "remaining": program.envelope - total,
        "pending": pending.aggregate(total=Sum("suggested_amount"))["total"] or Decimal("0"),
        "by_mrc": _lines(_by(funded.filter(mrcs__isnull=False), "mrcs", "amount_granted"),
                         _by(pending.filter(mrcs__isnull=False), "mrcs", "suggested_amount"), mrc_names,
                         _of(reserved, "mrc")),
        "by_axis": _lines(_by(funded, "primary_axis", "amount_granted"),
                          _by(pending, "primary_axis", "suggested_amount"), axis_names,
                          _of(reserved, "axis")),
    }
