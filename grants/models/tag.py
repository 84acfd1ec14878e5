"""Tags of a program ("ATI", "jeunesse", "Premières Nations"): managed by its managers, put on proposals
by its analysts (grants.services.tags), used as a filter of the staff queue and a column of the exports."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="tags")
    name = models.CharField(_("nom"), max_length=60)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    proposals = models.ManyToManyField("grants.Proposal", verbose_name=_("demandes"), through="ProposalTag",
                                       related_name="tags", blank=True)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["program", "name", "id"]
        constraints = [models.UniqueConstraint("program", Lower("name"), name="one_tag_name_per_program")]

    def __str__(self):
        return self.name


class ProposalTag(models.Model):
    """A tag on a proposal: who put it and when."""

    proposal = models.ForeignKey("grants.Proposal", on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("étiquette d'une demande")
        verbose_name_plural = _("étiquettes des demandes")
        constraints = [models.UniqueConstraint(fields=["proposal", "tag"], name="one_tag_per_proposal")]
        # The queue's tag filter reads the tag's proposals (the unique constraint serves the other way).
        indexes = [models.Index(fields=["tag", "proposal"], name="proposal_tag_by_tag")]

    def __str__(self):
        return f"{self.proposal_id}: {self.tag_id}"
