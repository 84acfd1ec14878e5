"""Refusals from grants services, each carrying a French message for the person acting."""


class ServiceRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class StaleVersion(ServiceRefused):
    """Somebody saved the proposal after this form was opened: never overwrite their work silently."""


class NotEditable(ServiceRefused):
    pass


class InvitationInvalid(ServiceRefused):
    pass
