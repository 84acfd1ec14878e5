from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Reddition de comptes")

    def ready(self):
        # Reminder sources and digest sections, registered with notifications.
        from . import reminders  # noqa: F401
