"""Board meetings and what the program has committed.

Recording a decision is a transition of the proposal's life cycle: it lives with the life cycle, which
writes the Decision row in the same transaction. Here: the meetings, what is before a meeting, and the
program's commitments by MRC and axis.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import Forbidden
from grants import commitments as commitments_kept
from grants.models import Axis, Proposal, Territory
from grants.selectors import reserved_by_target
from grants.states import DECIDABLE

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


def engaged(program_id):
    """(committed, pending) of the program: granted to its funded, reported and closed proposals (the envelope left
    is the envelope minus this, as the approve transition checks) and suggested for its recommended ones. Read
    from the program's kept commitments (grants.commitments), a few rows."""
    return commitments_kept.engaged(program_id)


def _lines(sums, labels, reserved):
    keys = sorted(set(sums) | set(reserved), key=lambda k: (k is None, labels.get(k, "")))
    return [Commitment(labels.get(key) or _("Sans axe principal"), _amount(sums.get(key, {}).get("committed")),
                       sums.get(key, {}).get("count", 0), _amount(sums.get(key, {}).get("pending")),
                       reserved.get(key), key)
            for key in keys]


def _amount(value):
    return value or Decimal("0")


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
    # Kept up to date by every write that changes them (grants.commitments): a few rows whatever the size.
    lines = commitments_kept.lines(program.pk)
    by_axis, by_mrc = ({key: {"committed": line.committed, "count": line.count, "pending": line.pending}
                        for key, line in lines[dimension].items()} for dimension in ("axis", "mrc"))
    total = sum((row["committed"] for row in by_axis.values()), Decimal("0"))  # each proposal in one axis line
    reserved = reserved_by_target(program.pk)
    mrc_names = dict(Territory.objects.filter(kind=Territory.Kind.MRC).values_list("pk", "name"))
    # .name: the English name for an English reader, as elsewhere (a program has a handful of axes).
    axes = Axis.objects.filter(program=program).only("pk", "name_fr", "name_en")
    axis_names = {axis.pk: axis.name for axis in axes}
    return {
        "envelope": program.envelope,
        "committed": total,
        "remaining": program.envelope - total,
        "pending": sum((row["pending"] for row in by_axis.values()), Decimal("0")),
        "by_mrc": _lines(by_mrc, mrc_names, _of(reserved, "mrc")),
        "by_axis": _lines(by_axis, axis_names, _of(reserved, "axis")),
    }
