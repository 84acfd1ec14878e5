"""Board meetings and decisions: each decision is a workflow transition plus its Decision row, atomically."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from grants.models import Axis, Proposal, Territory
from grants.selectors import reserved_by_target
from workflow import services as workflow
from workflow.errors import TransitionRefused
from workflow.selectors import COMMITTED_STATES
from workflow.states import State

from ..models import BoardMeeting, Decision

DECIDABLE = (State.RECOMMENDED, State.NOT_RECOMMENDED)


@dataclass(frozen=True)
class Entry:
    """One line of a bulk recording: the proposal and what the board decided for it."""

    proposal: Proposal
    outcome: str
    amount_granted: Decimal | None = None
    resolution_number: str = ""
    conditions: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Recorded:
    proposal: Proposal
    ok: bool
    message: str
    decision: Decision | None = None


def create_meeting(program, actor, *, date, title, place="", notes=""):
    if not actor.has_perm("scoring.manage_meetings", program):
        raise PermissionDenied
    return BoardMeeting.objects.create(program=program, date=date, title=title, place=place, notes=notes,
                                       created_by=actor)


def meeting_proposals(meeting):
    """The proposals before the meeting: awaiting a decision in its program, or decided at it."""
    return (Proposal.objects.filter(call__program_id=meeting.program_id)
            .filter(Q(state__in=DECIDABLE, decision__isnull=True) | Q(decision__meeting=meeting))
            .select_related("organisation", "primary_axis", "call__program", "decision")
            .prefetch_related("mrcs").order_by("-state", "title", "pk"))  # recommended before not_recommended


def record(meeting, proposal, actor, *, outcome, amount_granted=None, resolution_number="", conditions="",
           comment=""):
    """Apply the board's decision through the workflow and write its Decision row, in one transaction.

    The approve transition locks the program row and checks the envelope left, so two decisions recorded
    at once are serialised there: the second sees the first's amount and is refused if it no longer fits.
    """
    if not actor.has_perm("scoring.record_decisions", meeting):
        raise PermissionDenied
    if proposal.call.program_id != meeting.program_id:
        raise ValidationError(_("Cette demande ne relève pas du programme de la séance."), code="other_program")
    details = {"resolution_number": resolution_number, "decided_on": meeting.date, "comment": comment}
    with transaction.atomic():
        if outcome == Decision.Outcome.APPROVED:
            proposal = workflow.transition(proposal, "approve", actor, amount_granted=amount_granted,
                                           conditions=conditions, **details)
            amount = proposal.amount_granted
        elif outcome == Decision.Outcome.DECLINED:
            proposal = workflow.transition(proposal, "decline", actor, conditions=conditions, **details)
            amount = None
        else:
            raise ValidationError(_("Décision inconnue."), code="unknown_outcome")
        return Decision.objects.create(
            proposal=proposal, meeting=meeting, outcome=outcome, resolution_number=resolution_number,
            amount_granted=amount, conditions=conditions, comment=comment, recorded_by=actor)


def record_many(meeting, actor, entries):
    """Record a meeting's decisions one after the other; a refused one is reported, the others stay."""
    if not actor.has_perm("scoring.record_decisions", meeting):
        raise PermissionDenied
    results = []
    for entry in entries:
        try:
            decision = record(meeting, entry.proposal, actor, outcome=entry.outcome,
                              amount_granted=entry.amount_granted, resolution_number=entry.resolution_number,
                              conditions=entry.conditions, comment=entry.comment)
        except (TransitionRefused, ValidationError) as refusal:
            message = refusal.message if isinstance(refusal, TransitionRefused) else " ".join(refusal.messages)
            results.append(Recorded(entry.proposal, False, str(message)))
        else:
            results.append(Recorded(entry.proposal, True, decision.get_outcome_display(), decision))
    return results


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
