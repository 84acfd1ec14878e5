"""The activity log: who changed which object from which state to which, when and why."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableLog(Exception):
    """A log row is history: it is never changed nor deleted."""


class ActivityLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableLog("Activity log rows cannot be updated.")

    def delete(self):
        raise ImmutableLog("Activity log rows cannot be deleted.")

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                           object_id=obj.pk)


class ActivityLog(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Null for the system (a scheduled task); PROTECT keeps the person behind a logged action.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("personne"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("état de départ"), max_length=40, blank=True)
    to_state = models.CharField(_("nouvel état"), max_length=40, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'activité")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="activity_by_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.action} {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableLog("Activity log rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableLog("Activity log rows cannot be deleted.")
