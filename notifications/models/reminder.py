from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderClaim(models.Model):
    """A reminder taken by a scan. The unique constraint is what makes each reminder exist once:
    concurrent scans race on the insert, and only the scan whose token is on the row writes the messages.
    """

    source = models.CharField(_("source"), max_length=30)
    object_id = models.BigIntegerField(_("objet"))
    kind = models.CharField(_("type de message"), max_length=50)
    occurrence = models.CharField(_("occurrence"), max_length=60)
    scan_date = models.DateField(_("date du balayage"))
    token = models.CharField(max_length=32, editable=False)
    claimed_at = models.DateTimeField(_("réclamé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel réclamé")
        verbose_name_plural = _("rappels réclamés")
        ordering = ["-claimed_at", "-id"]
        indexes = [models.Index(fields=["token"], name="reminder_claim_token_idx")]
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id", "kind", "occurrence"],
                                    name="reminder_claim_once"),
        ]

    def __str__(self):
        return f"{self.source}:{self.object_id} {self.kind} {self.occurrence}"
