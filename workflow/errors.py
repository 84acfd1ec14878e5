"""Why a transition was refused: a stable code for the API and a French message for people.

Each class carries the HTTP status the API answers with, so views and the API map errors in one way.
"""

from django.utils.translation import gettext_lazy as _


class TransitionRefused(Exception):
    code = "transition_refused"
    http_status = 409

    def __init__(self, message, code=None, details=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class ProposalNotFound(TransitionRefused):
    """The actor may not see the proposal: answered exactly like a proposal that does not exist."""

    code = "not_found"
    http_status = 404

    def __init__(self, message=None, code=None, details=None):
        super().__init__(message or _("Demande introuvable."), code, details)


class UnknownTransition(TransitionRefused):
    code = "unknown_transition"
    http_status = 404


class TransitionForbidden(TransitionRefused):
    """The actor may see the proposal but this transition is not theirs."""

    code = "forbidden"
    http_status = 403


class NotAvailable(TransitionRefused):
    """The transition does not start from the proposal's current state."""

    code = "not_available"
    http_status = 409


class InvalidInput(TransitionRefused):
    """A value sent with the transition (amount, date…) cannot be read."""

    code = "invalid_input"
    http_status = 400


class GuardFailed(TransitionRefused):
    code = "guard_failed"
    http_status = 409


class ConcurrentChange(TransitionRefused):
    """Somebody else changed the proposal first."""

    code = "concurrent_change"
    http_status = 409

    def __init__(self, message=None, code=None, details=None):
        super().__init__(
            message
            or _("Cette demande a été modifiée par une autre personne pendant votre action. "
                 "Rechargez la page pour voir son état actuel, puis recommencez au besoin."),
            code, details,
        )
