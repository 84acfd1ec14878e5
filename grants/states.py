from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    # The first stage of a two-stage call (Call.two_stage): a letter of intent, then, once shortlisted,
    # the full proposal in the same record, which goes on through "submitted".
    INTENT_SUBMITTED = "intent_submitted", _("Lettre d'intention déposée")
    SHORTLISTED = "shortlisted", _("Retenu pour la demande complète")
    INTENT_DECLINED = "intent_declined", _("Lettre d'intention non retenue")
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
APPLICANT_EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED, State.SHORTLISTED)
# A two-stage call's letter of intent, while it is filled in or judged: its completeness asks only the
# letter's subset (grants.completeness), and it is never published.
INTENT_STAGE = (State.DRAFT, State.INTENT_SUBMITTED, State.INTENT_DECLINED)
# Awaiting the board's decision.
DECIDABLE = (State.RECOMMENDED, State.NOT_RECOMMENDED)
# Money granted and counted against the envelope.
COMMITTED_STATES = (State.FUNDED, State.REPORTED, State.CLOSED)
