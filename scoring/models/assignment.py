from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReviewerAssignment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Déclaration de conflit attendue")
        ACTIVE = "active", _("Aucun conflit déclaré")
        RECUSED = "recused", _("Récusé")
        CANCELLED = "cancelled", _("Annulée")

    proposal = models.ForeignKey(
        "grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        "grants.User", verbose_name=_("évaluateur"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        "grants.User", verbose_name=_("assignée par"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assignée le"), auto_now_add=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PENDING)

    class Meta:
        verbose_name = _("assignation d'évaluation")
        verbose_name_plural = _("assignations d'évaluation")
        ordering = ["proposal", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="assignment_unique_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.proposal}"

    def get_absolute_url(self):
        # The declaration page: it forwards to the review form once no conflict is declared.
        return reverse("scoring:coi_declare", args=[self.pk])

    @property
    def is_open(self):
        return self.state in (self.State.PENDING, self.State.ACTIVE)


class ConflictDeclaration(models.Model):
    """What the reviewer declared before seeing the proposal's content."""

    assignment = models.OneToOneField(
        ReviewerAssignment, verbose_name=_("assignation"), on_delete=models.CASCADE,
        related_name="declaration",
    )
    has_conflict = models.BooleanField(_("conflit d'intérêts"))
    reason = models.TextField(_("motif de la récusation"), blank=True)
    declared_at = models.DateTimeField(_("déclarée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("déclaration de conflit d'intérêts")
        verbose_name_plural = _("déclarations de conflit d'intérêts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_conflict=False) | ~models.Q(reason=""),
                name="recusal_needs_reason",
            ),
        ]

    def __str__(self):
        return str(self.assignment)


class DeclaredTie(models.Model):
    """A tie staff know about (board seat, family, former employer) that membership does not show."""

    reviewer = models.ForeignKey(
        "grants.User", verbose_name=_("évaluateur"), on_delete=models.CASCADE, related_name="declared_ties"
    )
    organisation = models.ForeignKey(
        "grants.Organisation", verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("nature du lien"), blank=True)
    recorded_by = models.ForeignKey(
        "grants.User", verbose_name=_("consigné par"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("consigné le"), auto_now_add=True)

    class Meta:
        verbose_name = _("lien déclaré")
        verbose_name_plural = _("liens déclarés")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "organisation"], name="declared_tie_unique"),
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.organisation}"
