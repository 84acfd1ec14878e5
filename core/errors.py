"""One refusal type for every app: a stable code for the API, an HTTP status and a French message.

Services raise a Refusal (or a subclass); pages and the API turn it into the same answer, so a rule
refused in a service reads the same wherever it was tried from. NotFound and Forbidden are also
Django's Http404 and PermissionDenied, so a page that lets them through answers 404 and 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Refusal(Exception):
    code = "refused"
    http_status = 409
    default_message = _("Cette action n'est pas possible.")

    def __init__(self, message=None, code=None, details=None):
        message = message or self.default_message
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details or {}

    @property
    def messages(self):
        """Every French message, one per problem: details["messages"] when the refusal lists several
        (as Django's ValidationError.messages), else the one message."""
        return [str(item) for item in self.details.get("messages", ())] or [str(self.message)]


class NotFound(Refusal, Http404):
    """The actor may not see the object: answered exactly like an object that does not exist."""

    code = "not_found"
    http_status = 404
    default_message = _("Introuvable.")


class Forbidden(Refusal, PermissionDenied):
    """The actor sees the object but this action is not theirs."""

    code = "forbidden"
    http_status = 403
    default_message = _("Cette action ne vous est pas permise.")


class InvalidInput(Refusal):
    """A value sent with the action cannot be read."""

    code = "invalid_input"
    http_status = 400
    default_message = _("Certaines valeurs envoyées ne sont pas valides.")


class Conflict(Refusal):
    """The object's state does not allow the action now."""

    code = "conflict"
    http_status = 409


class Unavailable(Refusal):
    """Something the action needs does not answer now (the file storage): nothing was done, try later."""

    code = "unavailable"
    http_status = 503
    default_message = _("Ce service est momentanément indisponible. Réessayez dans quelques minutes.")
