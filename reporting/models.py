"""An export of staff data (reporting.exports): one row per export asked for, streamed or run by Celery.

A small export streams in the request and its row is only the trace of who exported what; a large one is
written to default storage by the task `reporting.run_export`, which records its progress here. The file
is its requester's only and is deleted by the retention rule `reporting.export_files`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_path(instance, filename):
    # A generated name only: the download name is kept in file_name.
    return f"exports/{instance.pk}/{uuid.uuid4().hex}"


class ExportJob(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En préparation")
        DONE = "done", _("Prêt")
        STREAMED = "streamed", _("Téléchargé directement")
        FAILED = "failed", _("Échec")
        EXPIRED = "expired", _("Fichier supprimé")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV (une table)")
        XLSX = "xlsx", _("Excel (XLSX, une feuille par table)")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("demandée par"),
                                     on_delete=models.CASCADE, related_name="export_jobs")
    # Blank: every table (XLSX only).
    table = models.CharField(_("table"), max_length=40, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # {"program": id, "call": id, "state": code}, as chosen on the export page.
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    # The programs the requester could export when asking; null: every program (an admin).
    program_ids = models.JSONField(_("programmes visés"), null=True, blank=True)
    language = models.CharField(_("langue"), max_length=10, default="fr")
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(_("progression (%)"), default=0)
    proposals = models.PositiveIntegerField(_("demandes"), default=0)
    rows = models.PositiveIntegerField(_("lignes écrites"), default=0)
    file = models.FileField(_("fichier"), upload_to=export_path, max_length=300, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=120, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("exportation")
        verbose_name_plural = _("exportations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_by_requester")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="export_progress_within_100"),
        ]

    def __str__(self):
        return self.file_name or f"{self.table or 'tout'}.{self.format}"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.STREAMED, self.State.FAILED, self.State.EXPIRED)

    @property
    def is_downloadable(self):
        return self.state == self.State.DONE and bool(self.file)
