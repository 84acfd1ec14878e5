from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Exportations, documents imprimables et tableaux de bord")

    def ready(self):
        # Export files: exporter, anonymiser and retention rule, registered with core (docs/privacy.md).
        from . import privacy  # noqa: F401
