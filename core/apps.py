from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_retention_rules(sender, apps=None, using="default", **kwargs):
    from . import retention

    try:  # the state after this migrate: absent when migrating core back before its privacy tables
        model = apps.get_model("core", "RetentionRule") if apps is not None else None
    except LookupError:
        return
    retention.ensure_rules(model=model, using=using)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        # The any_of lookup on every field; core's own exporter, anonymiser and retention kinds (sessions, access log).
        from . import lookups, privacy  # noqa: F401

        # After `migrate`, every registered retention kind has its rule (editable in the admin).
        post_migrate.connect(_create_retention_rules, sender=self, dispatch_uid="core.retention_rules")
        # Staff sessions are shorter from the sign-in on (core.middleware.SessionLifetimeMiddleware).
        from django.contrib.auth.signals import user_logged_in

        from .middleware import apply_session_lifetime

        user_logged_in.connect(apply_session_lifetime, dispatch_uid="core.session_lifetime")
        # The person's roles are read at nearly every request: each database session prepares that statement
        # as it opens (core.prepared.at_connect).
        from django.db.backends.signals import connection_created

        from . import access, prepared

        prepared.at_connect(access.statement(), *access.STATEMENT_TYPES)
        connection_created.connect(prepared.prepare_at_connect, dispatch_uid="core.prepare_at_connect")
