"""The permission matrix, generated from machine.TRANSITIONS: who may do what from which state."""

from decimal import Decimal

from workflow import errors
from workflow.machine import ANALYST, APPLICANT, BOARD, MANAGER, TRANSITIONS
from workflow.states import State

# Persona -> the role it holds on the world's proposal (None: it cannot even see it).
PERSONAS = {
    "applicant": APPLICANT, "other_applicant": None, "analyst": ANALYST, "outside_analyst": None,
    "reviewer": None, "board": BOARD, "manager": MANAGER, "nobody": None, "admin": "any",
}
CASES = [(state, spec.name) for state in State.values for spec in TRANSITIONS]
STATUS = {None: 200, errors.ProposalNotFound: 404, errors.TransitionForbidden: 403, errors.NotAvailable: 409}


def expected_refusal(state, spec, persona):
    """None when the persona may perform the transition from this state, else the error class."""
    role = PERSONAS[persona]
    if role is None:
        return errors.ProposalNotFound
    if role not in ("any", spec.role):
        return errors.TransitionForbidden
    if state not in spec.sources:
        return errors.NotAvailable
    return None


def valid_data(spec):
    """A comment and values that satisfy every guard of the transition in the world's setting."""
    data = {"comment": "Motif détaillé." if spec.comment_required else ""}
    if spec.name == "approve":
        data.update(amount_granted=Decimal("15000.00"), resolution_number="CA-2026-041")
    if spec.name == "recommend":
        data["suggested_amount"] = Decimal("12000.00")
    return data
