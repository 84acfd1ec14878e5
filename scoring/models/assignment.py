"""A reviewer's assignment to one proposal, and its life cycle.

pending --declare_no_conflict--> active
pending --recuse--> recused
pending, active --cancel--> cancelled
cancelled --renew--> pending (assigned again: a new declaration is asked for)

Only these transitions change `state` (the field is protected), and only scoring.services.assignments
calls them: it locks the row, runs the transition in one transaction and writes the activity log.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .machine import through_a_service


class ReviewerAssignment(ConcurrentTransitionMixin, models.Model):
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
    state = FSMField(_("état"), max_length=20, choices=State.choices, default=State.PENDING, protected=True)

    class Meta:
        verbose_name = _("assignation d'évaluation")
        verbose_name_plural = _("assignations d'évaluation")
        ordering = ["proposal", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="assignment_unique_reviewer"),
        ]
        # The API's list, newest first (scoring.api.assignments.AssignmentViewSet.ordering): its cursor pages.
        indexes = [models.Index(fields=["assigned_at", "id"], name="assignment_assigned_idx"),
                   # The reviewer's page (scoring.reviewer_page): their rows in due-date order, a keyset page.
                   models.Index(fields=["reviewer", "due_on", "id"], name="assignment_reviewer_due_idx")]

    def __str__(self):
        return f"{self.reviewer} — {self.proposal}"

    def get_absolute_url(self):
        # The declaration page: it forwards to the review form once no conflict is declared.
        return reverse("scoring:coi_declare", args=[self.pk])

    @property
    def is_open(self):
        return self.state in (self.State.PENDING, self.State.ACTIVE)

    @transition(field=state, source=State.PENDING, target=State.ACTIVE, conditions=[through_a_service])
    def declare_no_conflict(self):
        pass  # The declaration itself is its ConflictDeclaration row.

    @transition(field=state, source=State.PENDING, target=State.RECUSED, conditions=[through_a_service])
    def recuse(self):
        pass  # The reason is the declaration's and the activity log's comment.

    @transition(field=state, source=[State.PENDING, State.ACTIVE], target=State.CANCELLED,
                conditions=[through_a_service])
    def cancel(self):
        pass

    @transition(field=state, source=State.CANCELLED, target=State.PENDING, conditions=[through_a_service])
    def renew(self, assigned_by, due_on=None):
        self.assigned_by = assigned_by
        self.due_on = due_on


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
