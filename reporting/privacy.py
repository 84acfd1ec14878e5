"""Reporting's part of the privacy registries (imported by ReportingConfig.ready()): export files.

- export: the exports the person asked for (when, which table, which format, state), not their content;
- anonymise (closing an account): the person's export files are deleted (they hold other people's data
  and nobody else may download them); the rows stay as the trace of who exported what;
- retention "reporting.export_files": a prepared export file is deleted some days after it was ready
  (the row stays, marked expired).
"""

from django.utils.translation import gettext_lazy as _

from core import file_deletions, personal_data, retention
from core.personal_data import Rows

from .models import ExportJob


def export(user):
    jobs = ExportJob.objects.filter(requested_by=user).order_by("created_at", "id")
    return {"exportations": Rows(jobs, lambda job: {
        "le": job.created_at, "table": job.table or "*", "format": job.format, "filtres": job.filters,
        "etat": job.state, "demandes": job.proposals})}


def _delete_files(jobs):
    """Blank the files of these jobs now, delete them from storage after commit; returns how many."""
    files = list(jobs.exclude(file="").values_list("pk", "file"))
    ExportJob.objects.filter(pk__in=[pk for pk, _name in files]).update(file="", state=ExportJob.State.EXPIRED)
    file_deletions.delete_after_commit(*(name for _pk, name in files))
    return len(files)


def anonymise(user):
    _delete_files(ExportJob.objects.filter(requested_by=user))


def expired_export_files(cutoff, dry_run):
    ready = ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file="")
    return ready.count() if dry_run else _delete_files(ready)


personal_data.register_exporter(export)
personal_data.register_anonymiser(anonymise)
retention.register_kind(
    "reporting.export_files", _("Fichiers d'exportation préparés : supprimés"), expired_export_files,
    default_days=7, description=_("Jours après la préparation d'un fichier d'exportation avant sa suppression."))
