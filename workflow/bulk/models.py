"""Bulk work in the analyst queue: a batch of one action over many proposals, and saved queue filters.

A BulkJob records who ran which action on which proposals and, proposal by proposal, what happened:
small batches run in the request, larger ones in the task `workflow.run_bulk_job`, which records its
progress here (the page polls it). A SavedFilter is one person's named shortcut to a set of queue filters.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BulkJob(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    class Action(models.TextChoices):
        ANALYST = "analyst", _("Assigner une analyste ou un analyste")
        REVIEWERS = "reviewers", _("Assigner des évaluatrices et évaluateurs")
        TRANSITION = "transition", _("Changer l'état")
        TAG = "tag", _("Ajouter une étiquette")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("demandé par"),
                                     on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The action's values: {"analyst": id}, {"count": 2, "due_on": "…"}, {"transition": name, "comment": …},
    # {"tag": id}. A short text to show: `label`.
    params = models.JSONField(_("paramètres"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    label = models.CharField(_("libellé"), max_length=300, blank=True)
    # The selection, fixed when the batch was asked for: what the person saw, whatever comes in later.
    proposal_ids = models.JSONField(_("demandes visées"), default=list, blank=True)
    language = models.CharField(_("langue"), max_length=10, default="fr")
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(_("demandes"), default=0)
    processed = models.PositiveIntegerField(_("demandes traitées"), default=0)
    progress = models.PositiveSmallIntegerField(_("progression (%)"), default=0)
    # [{"id", "reference", "title"}] and [{"id", "reference", "title", "reason"}], in the selection's order.
    successes = models.JSONField(_("réussites"), default=list, blank=True)
    refusals = models.JSONField(_("refus"), default=list, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    # Written with the progress while it runs: a RUNNING batch silent for long lost its worker.
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("action groupée")
        verbose_name_plural = _("actions groupées")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="bulk_job_by_requester")]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="bulk_progress_within_100")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.total})"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)


class SavedFilter(models.Model):
    """A person's named set of queue filters in one program (the query string of the queue's form)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("grants.Program", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nom"), max_length=80)
    query = models.CharField(_("filtres"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("filtre enregistré")
        verbose_name_plural = _("filtres enregistrés")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "program", "name"], name="one_filter_name_per_user")]

    def __str__(self):
        return self.name
