from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .machine import through_a_service


class Review(ConcurrentTransitionMixin, models.Model):
    """One reviewer's grille for one proposal: draft, then submitted and read-only.

    draft --submit--> submitted, the only transition; scoring.services.reviews.submit calls it after
    checking that every answer is given, and writes the activity log row.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposée")

    class Recommendation(models.TextChoices):
        FUND = "fund", _("Financer")
        FUND_WITH_CONDITIONS = "fund_with_conditions", _("Financer avec conditions")
        DO_NOT_FUND = "do_not_fund", _("Ne pas financer")

    assignment = models.OneToOneField(
        "scoring.ReviewerAssignment", verbose_name=_("assignation"), on_delete=models.PROTECT,
        related_name="review",
    )
    # Denormalised from the assignment so aggregation reads one table.
    proposal = models.ForeignKey(
        "grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        "grants.User", verbose_name=_("évaluateur"), on_delete=models.PROTECT, related_name="reviews"
    )
    rubric = models.ForeignKey(
        "scoring.Rubric", verbose_name=_("grille"), on_delete=models.PROTECT, related_name="reviews"
    )
    state = FSMField(_("état"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True,
                     protected=True)
    overall_comment = models.TextField(_("commentaire général"), blank=True)
    recommendation = models.CharField(_("recommandation"), max_length=30, choices=Recommendation.choices,
                                      blank=True)
    suggested_amount = models.DecimalField(_("montant suggéré ($)"), max_digits=12, decimal_places=2,
                                           null=True, blank=True)
    # Written only by scoring.services.reviews.recompute(): the weighted total out of 100
    # (None until every scored criterion has a value), sub-scores per axis id, admissibility.
    weighted_total = models.DecimalField(_("note pondérée (/100)"), max_digits=5, decimal_places=2,
                                         null=True, blank=True, editable=False)
    axis_scores = models.JSONField(_("notes par axe (/100)"), default=dict, blank=True, editable=False)
    eliminatory_failed = models.BooleanField(_("échec à un critère éliminatoire"), default=False,
                                             editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["proposal", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_unique_per_reviewer"),
            models.CheckConstraint(
                condition=models.Q(weighted_total__isnull=True)
                | models.Q(weighted_total__gte=0, weighted_total__lte=100),
                name="review_total_within_0_100",
            ),
        ]
        # A call's ranking (scoring.ranking_pages) reads its proposals' submitted reviews from this index alone.
        indexes = [
            models.Index(fields=["proposal"], include=["reviewer", "weighted_total", "eliminatory_failed"],
                         condition=models.Q(state="submitted"), name="review_ranking_idx"),
            # The API's list, last changed first (scoring.api.views.ReviewViewSet.ordering): its cursor pages.
            models.Index(fields=["updated_at", "id"], name="review_updated_idx"),
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.proposal}"

    @property
    def is_submitted(self):
        return self.state == self.State.SUBMITTED

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED, conditions=[through_a_service])
    def submit(self):
        self.submitted_at = timezone.now()


class Score(models.Model):
    review = models.ForeignKey(Review, verbose_name=_("évaluation"), on_delete=models.CASCADE,
                               related_name="scores")
    criterion = models.ForeignKey("scoring.Criterion", verbose_name=_("critère"), on_delete=models.PROTECT,
                                  related_name="scores")
    value = models.DecimalField(_("note"), max_digits=5, decimal_places=2, null=True, blank=True)
    # For eliminatory criteria only: True = réussi, False = échec.
    passed = models.BooleanField(_("réussi"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["review", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                                   name="score_non_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
