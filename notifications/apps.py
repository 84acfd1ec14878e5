from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Personal-data export and anonymisation, retention kinds: registered with core (docs/privacy.md).
        from . import privacy  # noqa: F401
