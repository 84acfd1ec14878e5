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
