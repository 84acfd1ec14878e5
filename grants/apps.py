from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Programmes et demandes")

    def ready(self):
        # Register the rules predicates at startup, not on the first import of a view.
        from . import accountability_permissions, permissions  # noqa: F401
