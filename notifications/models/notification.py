from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """The in-app copy of a message for a user; its text is the outbox message's, rendered for display."""

    # The copy's keys are not checked by the database (db_constraint=False): a first reminder scan over a long
    # backlog writes hundreds of thousands of copies, and each check was a lookup at commit (a third of the
    # scan). Every copy is written with its message, from the message's own row (notifications.bulk,
    # notifications.outbox, notifications.set_messages), whose foreign key already checks the person; deleting
    # a person or a message still deletes the copies (Django's CASCADE: notifications.privacy).
    # `user` is indexed by the two indexes below, which lead with it: no third one to keep up at each scan.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("destinataire"), on_delete=models.CASCADE,
                             related_name="notifications", db_index=False, db_constraint=False)
    message = models.OneToOneField("notifications.OutboxMessage", verbose_name=_("message"),
                                   on_delete=models.CASCADE, related_name="notification", db_constraint=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread_idx"),
            # A person's notifications, newest first (the API's cursor pages).
            models.Index(fields=["user", "created_at", "id"], name="notification_user_created_idx"),
        ]

    def __str__(self):
        return f"{self.user} — {self.message.kind}"
