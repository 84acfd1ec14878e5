from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rubric(models.Model):
    """The grille d'analyse of a call. Versioned: once a review on it is submitted it is frozen."""

    call = models.ForeignKey(
        "grants.Call", verbose_name=_("appel"), on_delete=models.PROTECT, related_name="rubrics"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("titre"), max_length=300)
    # The issue asks for a call setting; kept on the rubric so the grants schema stays untouched.
    reviews_visible_before_submit = models.BooleanField(
        _("évaluations des autres visibles avant le dépôt de la sienne"), default=False
    )
    created_by = models.ForeignKey(
        "grants.User", verbose_name=_("créée par"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("grille d'analyse")
        verbose_name_plural = _("grilles d'analyse")
        ordering = ["call", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["call", "version"], name="rubric_version_unique_per_call"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_locked(self):
        """Frozen as soon as one review on it is submitted: scores must keep their meaning."""
        from .review import Review

        return self.reviews.filter(state=Review.State.SUBMITTED).exists()


class Criterion(models.Model):
    class Section(models.TextChoices):
        AXIS = "axis", _("Axe du plan")
        FEASIBILITY = "feasibility", _("Faisabilité")
        PARTNERSHIP = "partnership", _("Partenariat")
        BUDGET = "budget", _("Réalisme du budget")
        ADS_PLUS = "ads_plus", _("ADS+")
        PARTICIPATION = "participation", _("Participation citoyenne")
        ADMISSIBILITY = "admissibility", _("Admissibilité")
        OTHER = "other", _("Autre")

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="criteria"
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices, default=Section.AXIS)
    axis = models.ForeignKey(
        "grants.Axis", verbose_name=_("axe"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="criteria",
    )
    label = models.CharField(_("critère"), max_length=300)
    guidance = models.TextField(_("consignes d'évaluation"), blank=True)
    weight = models.DecimalField(_("pondération"), max_digits=6, decimal_places=2, default=1)
    scale_max = models.PositiveSmallIntegerField(_("note maximale"), default=5)
    # Pass/fail admissibility check: not scored, a failure is reported rather than averaged.
    eliminatory = models.BooleanField(_("éliminatoire (réussite/échec)"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Reviewers read the answer to this question of the call next to the criterion (grants.answers).
    question = models.ForeignKey(
        "grants.CallQuestion", verbose_name=_("question de l'appel"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="criteria",
        help_text=_("Les évaluateurs voient la réponse à cette question à côté du critère."),
    )

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_non_negative"),
            models.CheckConstraint(condition=models.Q(scale_max__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.axis_id and self.rubric_id and self.axis.program_id != self.rubric.call.program_id:
            raise ValidationError({"axis": _("Cet axe n'appartient pas au programme de l'appel.")})
