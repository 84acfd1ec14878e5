from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications import kinds


class MessageTemplate(models.Model):
    """A program manager's wording for one kind and language; without a row the shipped default is used."""

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    kind = models.CharField(_("type de message"), max_length=50, choices=kinds.choices())
    language = models.CharField(_("langue"), max_length=5, choices=Language.choices)
    subject = models.CharField(_("objet"), max_length=300)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True,
                                 help_text=_("Laisser vide pour dériver le HTML du texte."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("modifié par"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("modèle de message")
        verbose_name_plural = _("modèles de messages")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="message_template_kind_language"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"
