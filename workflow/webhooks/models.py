"""Webhook endpoints, the events they are sent and the delivery log (imported by workflow.models)."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PROPOSAL_TRANSITIONED = "proposal.transitioned", _("Changement d'état d'une demande")
    DECISION_RECORDED = "decision.recorded", _("Décision consignée")
    REPORT_ACCEPTED = "report.accepted", _("Rapport accepté")
    PING = "ping", _("Essai")


# What an endpoint may subscribe to; a ping goes to the one endpoint it tests.
SUBSCRIBABLE = (EventKind.PROPOSAL_TRANSITIONED, EventKind.DECISION_RECORDED, EventKind.REPORT_ACCEPTED)


class WebhookEndpoint(models.Model):
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="webhook_endpoints")
    url = models.URLField(_("adresse de réception (HTTPS)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Stored in clear: the HMAC signature needs the secret itself. Shown to the manager once, at creation
    # and at each rotation; never in a list, a page or the API afterwards.
    secret = models.CharField(_("secret de signature"), max_length=100)
    events = models.JSONField(_("événements"), default=list, blank=True)
    active = models.BooleanField(_("actif"), default=True)
    created_by = models.ForeignKey("grants.User", verbose_name=_("créé par"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("point de réception webhook")
        verbose_name_plural = _("points de réception webhook")
        ordering = ["program", "id"]

    def __str__(self):
        return self.url

    def event_labels(self):
        return [EventKind(kind).label for kind in self.events if kind in EventKind.values]


class WebhookEvent(models.Model):
    """One thing that happened, sent with its id (Concerto-Event-Id) to every subscribed endpoint."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("événement"), max_length=40, choices=EventKind.choices)
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="+")
    # Ids, reference, states, amounts and dates: what the API shows staff, no person's data.
    payload = models.JSONField(_("contenu"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("événement webhook")
        verbose_name_plural = _("événements webhook")

    def __str__(self):
        return f"{self.kind} {self.id}"


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        DELIVERED = "delivered", _("Livré")
        FAILED = "failed", _("Échec")

    endpoint = models.ForeignKey(WebhookEndpoint, verbose_name=_("point de réception"), on_delete=models.CASCADE,
                                 related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, verbose_name=_("événement"), on_delete=models.CASCADE,
                              related_name="deliveries")
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("dernier code HTTP"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("livré le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("envoi webhook")
        verbose_name_plural = _("envois webhook")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_delivery_once")]
        indexes = [
            # The sweep reads due rows by state and time; the log reads one endpoint's rows, newest first.
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_log"),
        ]

    def __str__(self):
        return f"{self.event_id} → {self.endpoint_id} ({self.state})"
