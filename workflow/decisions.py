"""Recording the board's decisions at a meeting.

Each decision is the proposal's approve or decline transition, given the meeting: the transition itself
writes the Decision row (scoring.Decision) in its transaction, as it does from the staff page or the API
(where there is no meeting). The approve transition locks the program row and checks the envelope
left, so two decisions recorded at once are serialised there: the second sees the first's amount and
is refused if it no longer fits.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import Forbidden, InvalidInput, Refusal
from grants.models import Proposal
from scoring.models import Decision

from . import services

TRANSITIONS = {Decision.Outcome.APPROVED: "approve", Decision.Outcome.DECLINED: "decline"}


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


def _require_board(meeting, actor):
    if not actor.has_perm("scoring.record_decisions", meeting):
        raise Forbidden()


def record(meeting, proposal, actor, *, outcome, amount_granted=None, resolution_number="", conditions="",
           comment=""):
    """Apply the board's decision taken at `meeting`; returns the Decision the transition wrote."""
    _require_board(meeting, actor)
    if proposal.call.program_id != meeting.program_id:
        raise InvalidInput(_("Cette demande ne relève pas du programme de la séance."), code="other_program")
    name = TRANSITIONS.get(outcome)
    if name is None:
        raise InvalidInput(_("Décision inconnue."), code="unknown_outcome")
    values = {"resolution_number": resolution_number, "decided_on": meeting.date, "conditions": conditions}
    if name == "approve":
        values["amount_granted"] = amount_granted
    decided = services.transition(proposal, name, actor, comment=comment, meeting=meeting, **values)
    return decided.decision


def record_many(meeting, actor, entries):
    """Record a meeting's decisions one after the other; a refused one is reported, the others stay."""
    _require_board(meeting, actor)
    results = []
    for entry in entries:
        try:
            decision = record(meeting, entry.proposal, actor, outcome=entry.outcome,
                              amount_granted=entry.amount_granted, resolution_number=entry.resolution_number,
                              conditions=entry.conditions, comment=entry.comment)
        except Refusal as refusal:
            results.append(Recorded(entry.proposal, False, str(refusal.message)))
        else:
            results.append(Recorded(entry.proposal, True, decision.get_outcome_display(), decision))
    return results
