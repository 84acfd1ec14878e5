from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Registered with core: the outbox's backlog, reported by the health endpoint (core.health); personal-
        # data export and anonymisation, retention kinds (docs/privacy.md).
        from . import health, privacy  # noqa: F401
