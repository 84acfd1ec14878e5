from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    UNDER_ANALYSIS = "under_analysis", _("En analyse")
    CHANGES_REQUESTED = "changes_requested", _("À compléter")
    RECOMMENDED = "recommended", _("Recommandé")
    NOT_RECOMMENDED = "not_recommended", _("Non recommandé")
    FUNDED = "funded", _("Financé")
    DECLINED = "declined", _("Refusé")
    REPORTED = "reported", _("Rapport final accepté")
    CLOSED = "closed", _("Fermé")
    WITHDRAWN = "withdrawn", _("Retiré")


# The applicant may change the proposal only in these states.
APPLICANT_EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)
# Awaiting the board's decision.
DECIDABLE = (State.RECOMMENDED, State.NOT_RECOMMENDED)
# Money granted and counted against the envelope.
COMMITTED_STATES = (State.FUNDED, State.REPORTED, State.CLOSED)
