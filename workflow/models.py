from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.states import State

from .bulk.models import BulkJob, SavedFilter  # noqa: F401  (models of the app)
from .lifecycle import ProposalLifecycle  # noqa: F401  (the proxy model lives with its transitions)
from .machine import BY_NAME
from .webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent  # noqa: F401  (models of the app)


class ImmutableLog(Exception):
    """A transition log row is history: it is never changed nor deleted."""


class TransitionLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableLog("Transition log rows cannot be updated.")

    def delete(self):
        raise ImmutableLog("Transition log rows cannot be deleted.")


class TransitionLog(models.Model):
    """Who moved a proposal from which state to which, when, why and with which values."""

    # PROTECT: a proposal or a person with history cannot be deleted out from under its audit trail.
    proposal = models.ForeignKey("grants.Proposal", verbose_name=_("demande"), on_delete=models.PROTECT,
                                 related_name="transition_logs")
    actor = models.ForeignKey("grants.User", verbose_name=_("personne"), on_delete=models.PROTECT,
                              related_name="+")
    transition = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("état de départ"), max_length=40, choices=State.choices)
    to_state = models.CharField(_("nouvel état"), max_length=40, choices=State.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée de l'historique")
        verbose_name_plural = _("historique des demandes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "transition", "created_at"], name="log_by_proposal")]

    def __str__(self):
        return f"{self.proposal_id} {self.transition} {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableLog("Transition log rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableLog("Transition log rows cannot be deleted.")

    @property
    def transition_label(self):
        spec = BY_NAME.get(self.transition)
        return spec.label if spec else self.transition



class ReferenceCounter(models.Model):
    """The last dossier number given in a program for a year: one short row update per first submission,
    instead of locking the program and reading every number of the year."""

    program = models.ForeignKey("grants.Program", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="one_counter_per_program_year")]

    def __str__(self):
        return f"{self.program_id}/{self.year}: {self.last}"
