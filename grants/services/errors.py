"""Refusals from grants services: core's refusal type, each with a stable code and a French message."""

from core.errors import Refusal


class ServiceRefused(Refusal):
    code = "refused"
    http_status = 409


class StaleVersion(ServiceRefused):
    """Somebody saved the proposal after this form was opened: never overwrite their work silently."""

    code = "stale_version"
    http_status = 409


class NotEditable(ServiceRefused):
    code = "not_editable"
    http_status = 409


class InvitationInvalid(ServiceRefused):
    """The invitation cannot be used (already used, someone else's, already a member…)."""

    code = "invitation_invalid"
    http_status = 400


class DuplicateOrganisation(ServiceRefused):
    """The organisation being registered is probably one already in Concerto: `same_neq` holds those with
    its NEQ, `close_names` those of its municipality with a very close legal name."""

    code = "duplicate_organisation"
    http_status = 409

    def __init__(self, message=None, *, same_neq=(), close_names=()):
        self.same_neq, self.close_names = list(same_neq), list(close_names)
        super().__init__(message, details={"organisations": [o.pk for o in self.same_neq + self.close_names]})
