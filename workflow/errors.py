"""Why a transition was refused: a stable code for the API and a French message for people."""


class TransitionRefused(Exception):
    code = "transition_refused"
    http_status = 409

    def __init__(self, message, code=None, details=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class TransitionForbidden(TransitionRefused):
    """The actor may see the proposal but this transition is not theirs."""

    code = "forbidden"
    http_status = 403


class GuardFailed(TransitionRefused):
    code = "guard_failed"
    http_status = 409


class ConcurrentChange(TransitionRefused):
    """Somebody else changed the proposal first."""

    code = "concurrent_change"
    http_status = 409
