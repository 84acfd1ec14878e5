"""One application, several funders: what the organisation asks from each funder of a shared call.

The application is filed as one draft in the host's call; on submission each co-funder gets its own file
(a Proposal in its call and program, `application` pointing at the draft it came from: grants.funders),
so that each funder analyses, scores, decides, signs and follows up on its own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .proposal import MONEY


class FunderRequest(models.Model):
    proposal = models.ForeignKey("grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE,
                                 related_name="funder_requests")
    # The funder's own call in the shared call (the host's call or a co-funder's).
    call = models.ForeignKey("grants.Call", verbose_name=_("bailleur (appel)"), on_delete=models.PROTECT,
                             related_name="+")
    amount = models.DecimalField(_("montant demandé à ce bailleur ($)"), **MONEY)
    # Each funder files the project under its own plan's axes: the co-funders' primary axis is chosen here
    # (the host's is the form's own).
    primary_axis = models.ForeignKey("grants.Axis", verbose_name=_("axe principal chez ce bailleur"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("montant demandé à un bailleur")
        verbose_name_plural = _("montants demandés aux bailleurs")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "call"], name="funder_request_once_per_funder"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funder_request_positive"),
        ]

    def __str__(self):
        return f"{self.call} : {self.amount}"
