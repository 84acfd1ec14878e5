from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import kinds


class OutboxMessage(models.Model):
    """One email to one recipient, written in the transaction of the event that causes it.

    The context is frozen at queue time (plain strings); subject and bodies are rendered at send time and
    kept on the row as the record of what went out. Its state changes only through notifications.sending.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    kind = models.CharField(_("type de message"), max_length=50, choices=kinds.choices())
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("destinataire"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    to_email = models.EmailField(_("adresse"))
    language = models.CharField(_("langue"), max_length=5, default="fr")
    context = models.JSONField(_("données du message"), default=dict, blank=True)
    # What the message is about, for the dedupe key and the staff page ("accountability.report", 42).
    object_type = models.CharField(_("type d'objet"), max_length=60, blank=True)
    object_id = models.BigIntegerField(_("objet"), null=True, blank=True)
    occurrence = models.CharField(_("occurrence"), max_length=60, blank=True)
    # The program of what the message is about, copied from rows whose own foreign keys are checked (for the
    # staff's filters): not checked again per message, which a reminder scan writes by the hundred thousand.
    # Deleting a program still empties it (Django's SET_NULL).
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    # Set when the caller names an occurrence: the same reminder can then exist only once.
    dedupe_key = models.CharField(max_length=255, null=True, blank=True, editable=False)

    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    subject = models.CharField(_("objet du courriel"), max_length=300, blank=True)
    body_text = models.TextField(_("texte"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    # Not picked up by the sweep before this time (backoff after a transient failure, next scheduled retry).
    available_at = models.DateTimeField(_("disponible le"), default=timezone.now)
    # When its task was handed to the broker; cleared when a worker claims the row. The sweep hands over
    # again only rows without one, or whose task is presumed lost (notifications.conf.requeue_after).
    queued_at = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # Since when it has been failing (its first transient error), and how far along the long retry
    # schedule it is (notifications.conf.retry_delays).
    first_failed_at = models.DateTimeField(_("en échec depuis"), null=True, blank=True)
    retry_step = models.PositiveSmallIntegerField(_("reprises"), default=0)
    # Given up (schedule exhausted, address refused, broken template): a person must look at it. A message
    # cancelled because its recipient closed their account is failed but needs nobody.
    needs_attention = models.BooleanField(_("à traiter"), default=False)

    class Meta:
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "available_at"], name="outbox_state_available_idx"),
            models.Index(fields=["program", "state"], name="outbox_program_state_idx"),
            models.Index(fields=["program", "created_at"], condition=Q(needs_attention=True),
                         name="outbox_attention_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="outbox_dedupe_key_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to_email}"
