"""Core's part of the privacy registries: sessions, the activity log and the access log.

Imported by CoreConfig.ready(): the exporter of the person's own log entries, the anonymiser that ends
their open sessions, and two retention kinds (expired sessions, old access-log rows).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import personal_data, retention
from .models import AccessLog, ActivityLog, Session
from .personal_data import Rows

OBJECT = ("content_type__app_label", "content_type__model", "object_id")


def _object(row):
    return f"{row['content_type__app_label']}.{row['content_type__model']}"


def _open_sessions(user):
    """The person's live sessions (core.sessions writes whose session each is)."""
    return Session.objects.filter(user=user, expire_date__gt=timezone.now())


def export(user):
    actions = ActivityLog.objects.filter(actor=user).order_by("created_at", "id")
    opened = AccessLog.objects.filter(user=user).order_by("created_at", "id")
    what = dict(AccessLog.What.choices)
    return {
        "journal_activite": Rows(actions, lambda row: {
            "date": row["created_at"], "objet": _object(row), "objet_id": row["object_id"], "action": row["action"],
            "de": row["from_state"], "vers": row["to_state"], "commentaire": row["comment"]},
            "created_at", *OBJECT, "action", "from_state", "to_state", "comment"),
        "journal_acces": Rows(opened, lambda row: {
            "date": row["created_at"], "consulte": str(what.get(row["what"], row["what"])), "objet": _object(row),
            "objet_id": row["object_id"], "programme_id": row["program_id"]},
            "created_at", "what", *OBJECT, "program_id"),
        "sessions_ouvertes": _open_sessions(user).count(),
    }


def end_sessions(user):
    """Closing an account signs it out everywhere."""
    Session.objects.filter(user=user).delete()


def expired_sessions(cutoff, dry_run):
    """Sessions that expired before the cutoff are deleted (Django's clearsessions, on a schedule)."""
    expired = Session.objects.filter(expire_date__lt=cutoff)
    return expired.count() if dry_run else expired.delete()[0]


def old_access_log(cutoff, dry_run):
    """Access-log rows older than the cutoff are deleted (the only deletion the log allows)."""
    if dry_run:
        return AccessLog.objects.filter(created_at__lt=cutoff).count()
    return AccessLog.objects.expire_before(cutoff)


personal_data.register_exporter(export)
personal_data.register_anonymiser(end_sessions)
retention.register_kind(
    "core.sessions", _("Sessions de connexion expirées : supprimées"), expired_sessions, default_days=0,
    description=_("Jours après l'expiration d'une session avant sa suppression."))
retention.register_kind(
    "core.access_log", _("Journal des accès aux dossiers : entrées supprimées"), old_access_log,
    default_days=2 * 365, description=_("Jours de conservation d'une entrée du journal des accès."))
