"""Why a transition was refused: core's refusal type, with the life cycle's own codes.

Each class carries the HTTP status the API answers with, so views and the API map errors in one way.
"""

from django.utils.translation import gettext_lazy as _

from core import errors


class TransitionRefused(errors.Refusal):
    code = "transition_refused"


class ProposalNotFound(TransitionRefused, errors.NotFound):
    """The actor may not see the proposal: answered exactly like a proposal that does not exist."""

    code = "not_found"
    http_status = 404
    default_message = _("Demande introuvable.")


class UnknownTransition(TransitionRefused):
    code = "unknown_transition"
    http_status = 404


class TransitionForbidden(TransitionRefused, errors.Forbidden):
    """The actor may see the proposal but this transition is not theirs."""

    code = "forbidden"
    http_status = 403


class NotAvailable(TransitionRefused):
    """The transition does not start from the proposal's current state."""

    code = "not_available"


class InvalidInput(TransitionRefused, errors.InvalidInput):
    """A value sent with the transition (amount, date…) cannot be read."""

    code = "invalid_input"
    http_status = 400


class GuardFailed(TransitionRefused):
    code = "guard_failed"


class ConcurrentChange(TransitionRefused):
    """Somebody else changed the proposal first."""

    code = "concurrent_change"
    default_message = _("Cette demande a été modifiée par une autre personne pendant votre action. "
                        "Rechargez la page pour voir son état actuel, puis recommencez au besoin.")
