from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import in_reader_language


class BilingualName(models.Model):
    name_fr = models.CharField(_("nom (français)"), max_length=300)
    name_en = models.CharField(_("nom (anglais)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return in_reader_language(self.name_fr, self.name_en)


class Program(BilingualName):
    """A regional plan (PARSIS, Alliance) with its FQIS envelope."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    region = models.ForeignKey(
        "grants.Territory", verbose_name=_("région"), on_delete=models.PROTECT,
        limit_choices_to={"kind": "region"}, related_name="programs",
    )
    fund = models.CharField(_("fonds"), max_length=40, default="FQIS")
    manager_name = models.CharField(_("gestionnaire"), max_length=300, blank=True)
    decision_body = models.CharField(_("instance décisionnelle"), max_length=300)
    analysis_body = models.CharField(_("instance d'analyse"), max_length=300)
    envelope = models.DecimalField(_("enveloppe ($)"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    local_plans = models.ManyToManyField(
        "grants.LocalPlan", verbose_name=_("plans d'action locaux"), blank=True, related_name="programs"
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "code"]


class Axis(BilingualName):
    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="axes"
    )
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["program", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="axis_code_unique_per_program")]


class LocalPlan(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=300)
    territory_description = models.TextField(_("territoire"), blank=True)

    class Meta:
        verbose_name = _("plan d'action local")
        verbose_name_plural = _("plans d'action locaux")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Priority(models.Model):
    """An 'enjeu' of a local plan that a proposal can say it serves."""

    local_plan = models.ForeignKey(
        LocalPlan, verbose_name=_("plan local"), on_delete=models.CASCADE, related_name="priorities"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.CharField(_("énoncé"), max_length=400)

    class Meta:
        verbose_name = _("priorité locale")
        verbose_name_plural = _("priorités locales")
        ordering = ["local_plan", "order"]

    def __str__(self):
        return self.text
