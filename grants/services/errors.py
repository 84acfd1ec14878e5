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
