"""A proposal's conversation: messages between the organisation and the program's team, internal notes.

Each message says who may read it (its visibility), chosen when it is written and never changed: a
message is history, like the transition log, so it is neither edited nor deleted.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Visibility(models.TextChoices):
        # The organisation's members and the program's analysts and managers.
        APPLICANT = "applicant", _("Organisme et équipe")
        # An internal note: the program's analysts and managers only.
        STAFF = "staff", _("Note interne (équipe seulement)")
        # The team and the decision body, never the organisation.
        BOARD = "board", _("Équipe et instance de décision")

    proposal = models.ForeignKey("grants.Proposal", verbose_name=_("demande"), on_delete=models.PROTECT,
                                 related_name="messages")
    author = models.ForeignKey("grants.User", verbose_name=_("auteur"), on_delete=models.PROTECT,
                               related_name="+")
    visibility = models.CharField(_("visibilité"), max_length=10, choices=Visibility.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at", "id"], name="message_by_proposal")]

    def __str__(self):
        return f"{self.proposal_id} {self.visibility} {self.created_at:%Y-%m-%d %H:%M}"


def message_file_path(instance, filename):
    # Generated name only, as for the proposal's documents (grants.models.attachment).
    return f"messages/{instance.message.proposal_id}/{uuid.uuid4().hex}"


class MessageAttachment(models.Model):
    """A file sent with a message: the same checks as a proposal's documents (grants.uploads)."""

    message = models.ForeignKey(Message, verbose_name=_("message"), on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=message_file_path, max_length=300)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=120)
    size = models.PositiveBigIntegerField(_("taille (octets)"))

    class Meta:
        verbose_name = _("fichier d'un message")
        verbose_name_plural = _("fichiers des messages")
        ordering = ["id"]

    def __str__(self):
        return self.original_name
