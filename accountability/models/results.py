"""A program's results, added up per program and kept by the writes that change them (accountability.totals):
the program results page reads a few rows, whatever the number of projects and reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SUMS = {"max_digits": 20, "decimal_places": 2}


class Reached(models.Model):
    """People reached according to the latest accepted report of the program's projects, and how many projects
    have one."""

    # Indexed by the unique key it leads.
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="+", db_index=False)
    women = models.BigIntegerField(_("Femmes"), db_default=0)
    men = models.BigIntegerField(_("Hommes"), db_default=0)
    other = models.BigIntegerField(_("Autres identités"), db_default=0)
    projects = models.IntegerField(_("Projets"), db_default=0)

    class Meta:
        abstract = True


class ReachedByAxis(Reached):
    """A project counts under its primary axis."""

    NO_AXIS = 0
    # The axis's id, NO_AXIS for a project without one: a key without NULL, which a unique index matches.
    axis_key = models.PositiveIntegerField(_("axe principal"))

    class Meta:
        verbose_name = verbose_name_plural = _("Personnes rejointes par axe")
        constraints = [models.UniqueConstraint(fields=["program", "axis_key"], name="reached_axis_unique")]

    def __str__(self):
        return f"{self.program_id}/{self.axis_key}"


class ReachedByMrc(Reached):
    """A project counts under each MRC it targets."""

    mrc = models.ForeignKey("grants.Territory", verbose_name=_("MRC"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("Personnes rejointes par MRC")
        constraints = [models.UniqueConstraint(fields=["program", "mrc"], name="reached_mrc_unique")]

    def __str__(self):
        return f"{self.program_id}/{self.mrc_id}"


class IndicatorTotal(models.Model):
    """The funded projects' indicators of one label and unit, whatever their case and spacing: their number,
    targets and latest filled-in accepted results."""

    # Indexed by the unique key it leads.
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="+", db_index=False)
    label_key = models.TextField(_("libellé (clé)"))
    unit_key = models.TextField(_("unité (clé)"))
    label = models.TextField(_("indicateur de résultat"))  # the first in alphabetical order, trimmed
    unit = models.TextField(_("unité"))
    target = models.DecimalField(_("Cible totale"), db_default=0, **SUMS)
    actual = models.DecimalField(_("Atteint"), db_default=0, **SUMS)
    projects = models.IntegerField(_("Projets"), db_default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("Indicateurs")
        constraints = [models.UniqueConstraint(fields=["program", "label_key", "unit_key"],
                                               name="indicator_total_unique")]
        # The page's order: the most shared first, a page at a time.
        indexes = [models.Index(fields=["program", "-projects", "label_key", "unit_key"],
                                name="indicator_total_page_idx")]

    def __str__(self):
        return f"{self.label} ({self.unit})"
