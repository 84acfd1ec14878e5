from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewFigures(models.Model):
    """A proposal's submitted reviews summed up, as the ranking page shows them: written only by
    scoring.figures (on each submission, and rebuilt from the reviews by the command rebuild_review_figures),
    so a call's ranking reads one index range instead of aggregating every review of the call."""

    proposal = models.OneToOneField("grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE,
                                    primary_key=True, related_name="review_figures")
    # Copied from the proposal for the ranking's index range; moved with it by the admin (workflow.admin).
    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE, related_name="+",
                             db_index=False)
    review_count = models.PositiveIntegerField(_("évaluations déposées"))
    # The mean and spread (max - min) of the weighted totals, None when no review has one.
    mean = models.FloatField(_("moyenne"), null=True)
    spread = models.FloatField(_("écart"), null=True)
    eliminated = models.BooleanField(_("échec à un critère éliminatoire"))
    # The mean of the reviews' z-scores within the call, as of its CallZscores fingerprint (scoring.zscores):
    # read only while that fingerprint still matches the call's reviews, recomputed live otherwise.
    zscore = models.FloatField(_("cote z"), null=True)

    class Meta:
        verbose_name = _("synthèse des évaluations")
        verbose_name_plural = _("synthèses des évaluations")
        # The ranking reads a call's figures from this index alone, by either method.
        indexes = [models.Index(fields=["call"], include=["proposal", "review_count", "mean", "spread", "eliminated",
                                                          "zscore"], name="review_figures_call_idx")]

    def __str__(self):
        return f"{self.proposal_id}: {self.review_count}"


class CallZscores(models.Model):
    """When a call's stored z-scores (ReviewFigures.zscore) were computed, and from what: a fingerprint of the
    call's ranked proposals and their submitted review counts (scoring.zscores). Written only by
    scoring.zscores.refresh, in the statement that writes the z-scores."""

    call = models.OneToOneField("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    fingerprint = models.DecimalField(_("empreinte"), max_digits=40, decimal_places=0, null=True)
    computed_at = models.DateTimeField(_("calculées le"), null=True)

    class Meta:
        verbose_name = _("cotes z d'un appel")
        verbose_name_plural = _("cotes z des appels")

    def __str__(self):
        return f"{self.call_id}: {self.computed_at}"
