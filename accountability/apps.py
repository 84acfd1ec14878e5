from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Reddition de comptes")

    def ready(self):
        # Personal-data export, registered with core (docs/privacy.md); reminder sources and digest
        # sections, registered with notifications.
        from . import privacy, reminders  # noqa: F401
        from .agreements import follow_moved_call

        # Reports keep a copy of their program (Report.program); grants cannot import this app to update it.
        post_save.connect(follow_moved_call, sender="grants.Call", dispatch_uid="accountability.follow_moved_call")
