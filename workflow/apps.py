from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Cycle de vie des demandes")

    def ready(self):
        # Personal-data export and anonymisation, retention kinds: registered with core (docs/privacy.md).
        from . import award_dates, privacy  # noqa: F401

        # Each proposal's award date follows its decision, meeting and agreement (the public portal's years).
        award_dates.connect()
