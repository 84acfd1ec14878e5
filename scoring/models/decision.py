"""The decision body's meetings and the decision it records for each proposal.

A Decision row is written by the proposal's approve/decline transition itself, in the same transaction,
so a decision exists exactly when the proposal's state says so, whether it was taken at a meeting
(`meeting` set) or recorded from the staff page or the API (no meeting, `decided_on` when given).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BoardMeeting(models.Model):
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.PROTECT,
                                related_name="board_meetings")
    date = models.DateField(_("date de la séance"))
    title = models.CharField(_("titre"), max_length=200)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey("grants.User", verbose_name=_("créée par"), on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("séance de l'instance décisionnelle")
        verbose_name_plural = _("séances de l'instance décisionnelle")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Accordé")
        DECLINED = "declined", _("Refusé")

    proposal = models.OneToOneField("grants.Proposal", verbose_name=_("demande"), on_delete=models.PROTECT,
                                    related_name="decision")
    meeting = models.ForeignKey(BoardMeeting, verbose_name=_("séance"), on_delete=models.PROTECT,
                                related_name="decisions", null=True, blank=True)
    decided_on = models.DateField(_("date de la décision"), null=True, blank=True)
    outcome = models.CharField(_("décision"), max_length=10, choices=Outcome.choices)
    resolution_number = models.CharField(_("numéro de résolution"), max_length=60, blank=True)
    amount_granted = models.DecimalField(_("montant accordé ($)"), max_digits=12, decimal_places=2,
                                         null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    recorded_by = models.ForeignKey("grants.User", verbose_name=_("consignée par"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("consignée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="approved", amount_granted__gt=0)
                | Q(outcome="declined", amount_granted__isnull=True),
                name="decision_amount_matches_outcome",
            ),
        ]
        # The API's list, newest first (scoring.api.meetings.DecisionViewSet.ordering): its cursor pages.
        indexes = [models.Index(fields=["recorded_at", "id"], name="decision_recorded_idx")]

    def __str__(self):
        return f"{self.proposal} — {self.get_outcome_display()}"
