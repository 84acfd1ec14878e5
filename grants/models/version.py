from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableVersion(Exception):
    """A submitted version is what the organisation filed: it is never changed nor deleted (retention's
    redaction, grants.services.versions.redact, is the one exception)."""


class ProposalVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableVersion("Proposal versions cannot be updated.")

    def delete(self):
        raise ImmutableVersion("Proposal versions cannot be deleted.")


class ProposalVersion(models.Model):
    """The application as it was filed by one submission or resubmission: every section, the lines, the
    territories, axes and priorities served, and the list of documents, frozen as JSON.

    Written by grants.services.versions.freeze inside the submit transaction, in one INSERT … SELECT.
    """

    # PROTECT, as the transition log: a filed proposal keeps its versions.
    proposal = models.ForeignKey("grants.Proposal", verbose_name=_("demande"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("numéro de version"))
    transition = models.CharField(_("action"), max_length=40)
    created_by = models.ForeignKey("grants.User", verbose_name=_("déposée par"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    snapshot = models.JSONField(_("contenu"), encoder=DjangoJSONEncoder)
    # Set when retention blanked the free text, the people named and the documents (grants.privacy).
    redacted_at = models.DateTimeField(_("contenu effacé le"), null=True, blank=True)

    objects = ProposalVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version déposée")
        verbose_name_plural = _("versions déposées")
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="one_version_number")]

    def __str__(self):
        return f"{self.proposal_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersion("Proposal versions cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersion("Proposal versions cannot be deleted.")
