from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Programmes et demandes")

    def ready(self):
        # Personal-data export and anonymisation, retention kinds: registered with core (docs/privacy.md).
        from . import commitments, privacy  # noqa: F401

        commitments.connect()
