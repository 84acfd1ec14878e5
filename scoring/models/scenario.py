"""Funding scenarios: what the regional team would fund with an envelope and constraints.

A scenario stores its inputs (envelope, objective, partial funding, floors and ceilings) and its
computed answer (ScenarioResult rows, the optimal and the plain greedy one side by side), so that
scenarios can be compared later without recomputing. One scenario per call may be chosen.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


class Scenario(models.Model):
    class Objective(models.TextChoices):
        SCORE = "score", _("Maximiser la somme des notes des projets financés")
        SCORE_AMOUNT = "score_amount", _("Maximiser la somme des notes × montants")

    class Method(models.TextChoices):
        RAW = "raw", _("Moyenne des notes")
        ZSCORE = "zscore", _("Notes normalisées par évaluateur")

    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE,
                             related_name="scenarios")
    name = models.CharField(_("nom du scénario"), max_length=200)
    envelope = models.DecimalField(_("enveloppe disponible ($)"), validators=[MinValueValidator(0)], **MONEY)
    objective = models.CharField(_("objectif"), max_length=20, choices=Objective.choices,
                                 default=Objective.SCORE)
    method = models.CharField(_("notes utilisées"), max_length=10, choices=Method.choices, default=Method.RAW)
    allow_partial = models.BooleanField(_("financement partiel permis"), default=False)
    min_share = models.DecimalField(
        _("part minimale du montant demandé"), max_digits=3, decimal_places=2, default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("Par exemple 0,5 : un projet retenu reçoit au moins la moitié de sa demande."),
    )
    chosen = models.BooleanField(_("scénario retenu par l'équipe"), default=False)
    # The computed answer: feasible or why not, totals of the optimal and of the greedy ranking.
    feasible = models.BooleanField(_("réalisable"), default=False, editable=False)
    proven_optimal = models.BooleanField(_("optimum prouvé"), default=False, editable=False)
    issues = models.JSONField(_("contraintes non respectées"), default=list, blank=True, editable=False)
    greedy_issues = models.JSONField(_("écarts du classement simple"), default=list, blank=True, editable=False)
    total_amount = models.DecimalField(_("total accordé ($)"), default=0, editable=False, **MONEY)
    total_value = models.FloatField(_("valeur de l'objectif"), default=0, editable=False)
    greedy_amount = models.DecimalField(_("total du classement simple ($)"), default=0, editable=False, **MONEY)
    greedy_value = models.FloatField(_("valeur du classement simple"), default=0, editable=False)
    created_by = models.ForeignKey("grants.User", verbose_name=_("créé par"), on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    computed_at = models.DateTimeField(_("calculé le"), null=True, editable=False)

    class Meta:
        verbose_name = _("scénario de financement")
        verbose_name_plural = _("scénarios de financement")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call"], condition=Q(chosen=True), name="one_chosen_scenario_per_call"),
            models.CheckConstraint(condition=Q(envelope__gte=0), name="scenario_envelope_non_negative"),
            models.CheckConstraint(condition=Q(min_share__gt=0, min_share__lte=1), name="scenario_min_share_range"),
        ]

    def __str__(self):
        return self.name


class ScenarioConstraint(models.Model):
    """A floor and/or ceiling on the amount going to one MRC or one (primary) axis."""

    class Dimension(models.TextChoices):
        MRC = "mrc", _("MRC")
        AXIS = "axis", _("Axe")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="constraints")
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    territory = models.ForeignKey("grants.Territory", verbose_name=_("MRC"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    axis = models.ForeignKey("grants.Axis", verbose_name=_("axe"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    floor = models.DecimalField(_("plancher ($)"), null=True, blank=True, **MONEY)
    ceiling = models.DecimalField(_("plafond ($)"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("contrainte de scénario")
        verbose_name_plural = _("contraintes de scénario")
        ordering = ["dimension", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension="mrc", territory__isnull=False, axis__isnull=True)
                | Q(dimension="axis", axis__isnull=False, territory__isnull=True),
                name="scenario_constraint_target_matches_dimension",
            ),
            models.CheckConstraint(condition=Q(floor__isnull=False) | Q(ceiling__isnull=False),
                                   name="scenario_constraint_has_a_bound"),
            models.CheckConstraint(condition=(Q(floor__isnull=True) | Q(floor__gte=0))
                                   & (Q(ceiling__isnull=True) | Q(ceiling__gte=0)),
                                   name="scenario_constraint_bounds_non_negative"),
        ]

    def __str__(self):
        return self.label

    @property
    def target(self):
        return self.territory if self.dimension == self.Dimension.MRC else self.axis

    @property
    def label(self):
        if self.dimension == self.Dimension.MRC:
            return _("MRC %(name)s") % {"name": self.territory.name}
        return _("axe « %(name)s »") % {"name": self.axis.name}


class ScenarioResult(models.Model):
    """One candidate of a scenario: its score, and what the optimal and the greedy answers grant it."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="results")
    proposal = models.ForeignKey("grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE,
                                 related_name="scenario_results")
    rank = models.PositiveIntegerField(_("rang"))
    score = models.FloatField(_("note (/100)"))
    requested = models.DecimalField(_("montant demandé ($)"), **MONEY)
    funded = models.BooleanField(_("retenu"), default=False)
    amount = models.DecimalField(_("montant retenu ($)"), default=0, **MONEY)
    greedy_funded = models.BooleanField(_("retenu par le classement simple"), default=False)

    class Meta:
        verbose_name = _("résultat de scénario")
        verbose_name_plural = _("résultats de scénario")
        ordering = ["scenario", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "proposal"], name="scenario_result_unique"),
        ]

    def __str__(self):
        return f"{self.scenario} — {self.proposal}"
