from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerLoad(models.Model):
    """How many open assignments (awaiting a declaration, or declared without conflict) a person holds in a
    program: written only by scoring.loads (at each assignment's change, and rebuilt from the assignments
    by the command rebuild_reviewer_loads), so the assignment page's balanced suggestion reads one row per
    person instead of counting every assignment of the program."""

    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="+", db_index=False)
    reviewer = models.ForeignKey("grants.User", verbose_name=_("évaluateur"), on_delete=models.CASCADE,
                                 related_name="+")
    open_assignments = models.PositiveIntegerField(_("assignations ouvertes"))

    class Meta:
        verbose_name = _("charge d'évaluation")
        verbose_name_plural = _("charges d'évaluation")
        constraints = [models.UniqueConstraint(fields=["program", "reviewer"], name="reviewer_load_unique")]

    def __str__(self):
        return f"{self.program_id}/{self.reviewer_id}: {self.open_assignments}"
