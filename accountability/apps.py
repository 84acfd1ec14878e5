from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Reddition de comptes")

    def ready(self):
        # Personal-data export, registered with core (docs/privacy.md); reminder sources and digest
        # sections, registered with notifications.
        from . import privacy, reminders  # noqa: F401
