from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalSimilarity(models.Model):
    """How much `other` resembles `proposal`, and why: computed when a proposal is submitted
    (grants.similarity, a Celery task) and kept, so the staff page reads it without computing."""

    proposal = models.ForeignKey("grants.Proposal", on_delete=models.CASCADE, related_name="similarities")
    other = models.ForeignKey("grants.Proposal", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    # {"text": 0.83, "same_organisation": true, "shared_partners": ["…"], "territory": true, "dates": true}
    signals = models.JSONField(_("signaux"), default=dict)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("projet semblable")
        verbose_name_plural = _("projets semblables")
        constraints = [models.UniqueConstraint(fields=["proposal", "other"], name="similarity_pair_once")]
        # The staff page lists one proposal's most similar first.
        indexes = [models.Index(fields=["proposal", "-score"], name="similarity_ranked_idx")]

    def __str__(self):
        return f"{self.proposal_id} ~ {self.other_id} ({self.score:.2f})"


class OverlapMark(models.Model):
    """An analyst's judgement on a pair: not an overlap, or complementary. Either way the double-funding
    warning goes away for that pair. Stored once per pair, the lower id first."""

    class Kind(models.TextChoices):
        NOT_OVERLAP = "not_overlap", _("Pas un chevauchement")
        COMPLEMENTARY = "complementary", _("Complémentaires")

    first = models.ForeignKey("grants.Proposal", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("grants.Proposal", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jugement"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("motif"))
    by = models.ForeignKey("grants.User", verbose_name=_("par"), on_delete=models.SET_NULL, null=True,
                           related_name="+")
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("jugement de chevauchement")
        verbose_name_plural = _("jugements de chevauchement")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="overlap_mark_pair_once"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="overlap_mark_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} / {self.second_id}: {self.kind}"

    @staticmethod
    def pair(a_id, b_id):
        return (a_id, b_id) if a_id < b_id else (b_id, a_id)
