from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Analyse et notation")

    def ready(self):
        # Reminder sources and digest sections, registered with notifications.
        from . import reminders  # noqa: F401
