import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .program import BilingualName


class AttachmentType(BilingualName):
    """A kind of document a call can require (résolution du CA, lettre d'appui, états financiers…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("type de pièce jointe")
        verbose_name_plural = _("types de pièces jointes")
        ordering = ["name_fr"]


def attachment_path(instance, filename):
    # Generated name only: the user's file name is kept in original_name, never used as a path.
    return f"attachments/{instance.proposal_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    proposal = models.ForeignKey(
        "grants.Proposal", verbose_name=_("demande"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.ForeignKey(AttachmentType, verbose_name=_("type"), on_delete=models.PROTECT)
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=120)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        "grants.User", verbose_name=_("déposé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["kind__name_fr", "uploaded_at"]

    def __str__(self):
        return self.original_name
