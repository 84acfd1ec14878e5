"""Notifications' part of the privacy registries (imported by NotificationsConfig.ready()).

- export: the person's in-app notifications and the e-mails addressed to them (what was sent, when);
- anonymise: a closed account's pending mail is cancelled, and every message addressed to it loses the
  address, the subject, the bodies and the frozen context (the row stays: kind, dates, state);
- retention "notifications.outbox_bodies": a message sent (or failed) long ago keeps its trace (kind,
  recipient, address, subject, dates, state) but loses its rendered bodies and its frozen context.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import personal_data, retention
from core.personal_data import Rows

from .models import Notification, OutboxMessage

State = OutboxMessage.State
CANCELLED_FOR_CLOSURE = "Compte fermé : message annulé."
BODIES = {"body_text": "", "body_html": "", "context": {}}
BLANK = {"subject": "", **BODIES}


def export(user):
    notifications = Notification.objects.filter(user=user).order_by("created_at", "id")
    messages = OutboxMessage.objects.filter(recipient=user).order_by("created_at", "id")
    return {
        "notifications": Rows(notifications, lambda row: {
            "date": row["created_at"], "lue_le": row["read_at"], "type": row["message__kind"],
            "objet": row["message__subject"]}, "created_at", "read_at", "message__kind", "message__subject"),
        "courriels_recus": Rows(messages, lambda row: {
            "date": row["created_at"], "type": row["kind"], "adresse": row["to_email"], "etat": row["state"],
            "envoye_le": row["sent_at"], "objet": row["subject"], "texte": row["body_text"]},
            "created_at", "kind", "to_email", "state", "sent_at", "subject", "body_text"),
    }


def anonymise(user):
    mine = OutboxMessage.objects.filter(recipient=user)
    # Not yet claimed by a worker: never sent. A row being sent right now finishes, then is blanked here
    # the next time (the retention rule blanks it anyway).
    mine.filter(state=State.PENDING).update(state=State.FAILED, last_error=CANCELLED_FOR_CLOSURE)
    mine.exclude(state=State.SENDING).update(to_email=personal_data.closed_email(user), **BLANK)
    Notification.objects.filter(user=user).delete()


def _has_body():
    return ~Q(body_text="") | ~Q(body_html="") | ~Q(context={})


def old_message_bodies(cutoff, dry_run):
    """Sent or failed messages created before the cutoff: bodies and context are blanked (the subject
    stays, so the notification centre still names what was sent)."""
    old = OutboxMessage.objects.filter(state__in=[State.SENT, State.FAILED], created_at__lt=cutoff) \
        .filter(_has_body())
    return old.count() if dry_run else old.update(**BODIES)


personal_data.register_exporter(export)
personal_data.register_anonymiser(anonymise)
retention.register_kind(
    "notifications.outbox_bodies",
    _("Courriels envoyés : texte et données du message effacés (la trace de l'envoi reste)"),
    old_message_bodies, default_days=365,
    description=_("Jours après la création d'un courriel envoyé ou en échec avant l'effacement de son contenu."))
