"""Asking for an export, running a large one, and reading one's own jobs.

`request_export` records an ExportJob (who exported what, within which programs) in one transaction.
Up to CONCERTO_EXPORT_SYNC_MAX_PROPOSALS proposals the job is STREAMED: the page writes the file in the
request. Above, the task `reporting.run_export` is enqueued after commit (a broker that refuses it fails the
job, never the request, whose export is already recorded) and `run` writes the file to default storage,
recording its progress on the row as it goes. A job, its page and its file are its requester's only.
"""

import logging
import tempfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from core import broker
from core.errors import Forbidden, InvalidInput, NotFound
from core.replica import reading_from_replica

from ..models import ExportJob, export_path
from .scope import Scope
from .tables import TABLES, chosen
from .writers import csv_lines, write_xlsx

logger = logging.getLogger(__name__)
PUBLISHER = broker.Publisher("export job")
State, Format = ExportJob.State, ExportJob.Format
SYNC_MAX_PROPOSALS = 5000
CONTENT_TYPES = {Format.CSV: "text/csv; charset=utf-8",
                 Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
BROKER_DOWN = "Broker unreachable: the export was not queued."


def sync_max():
    return getattr(settings, "CONCERTO_EXPORT_SYNC_MAX_PROPOSALS", SYNC_MAX_PROPOSALS)


def _file_name(table, fmt):
    return f"concerto-{table or 'tables'}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def scope_of(job):
    """The requester's programs today, within those the job was asked for."""
    return Scope.of(job.requested_by, job.filters, job.program_ids, stored=True)


@transaction.atomic
def request_export(user, *, table, fmt, filters, language):
    """Record the export; STREAMED if the page may write it now, else PENDING until the task runs it."""
    if not user.has_perm("reporting.export"):
        raise Forbidden
    if (table and table not in TABLES) or fmt not in Format.values or (fmt == Format.CSV and not table):
        raise InvalidInput
    scope = Scope.of(user, filters)
    if scope.program_ids is not None and filters.get("program") and filters["program"] not in scope.program_ids:
        raise NotFound
    count = scope.proposals().count()
    streamed = count <= sync_max()
    job = ExportJob.objects.create(
        requested_by=user, table=table, format=fmt, filters=filters, language=language,
        program_ids=None if scope.program_ids is None else sorted(scope.program_ids), proposals=count,
        state=State.STREAMED if streamed else State.PENDING, progress=100 if streamed else 0,
        file_name=_file_name(table, fmt), finished_at=timezone.now() if streamed else None)
    if not streamed:
        transaction.on_commit(partial(enqueue, job.pk))
    return job


def enqueue(job_id):
    """Hand the job to Celery after commit; never raises (the job is committed and its page shows it)."""
    from ..tasks import run_export

    # The shared publisher's short timeouts: a hung broker never holds the request (core/broker.py).
    if PUBLISHER.publish(run_export, [job_id]) == 0:
        logger.warning("Broker unreachable: export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id, state=State.PENDING).update(
            state=State.FAILED, error=BROKER_DOWN, finished_at=timezone.now())


def in_language(language, lines):
    """Lines produced with `language` active, even when the response is streamed after the view returned."""
    lines = iter(lines)
    while True:
        with translation.override(language):
            line = next(lines, None)
        if line is None:
            return
        yield line


def stream_csv(job):
    return in_language(job.language, csv_lines(TABLES[job.table], scope_of(job)))


def write(job, target, tick=None):
    """Write the job's file into a binary file object."""
    scope = scope_of(job)
    if job.format == Format.CSV:
        for line in csv_lines(TABLES[job.table], scope, tick):
            target.write(line.encode("utf-8"))
    else:
        write_xlsx(chosen(job.table), scope, target, tick)


def xlsx_file(job):
    """The job's workbook in a temporary file (deleted once closed), ready to be read from its start."""
    target = tempfile.TemporaryFile()
    with translation.override(job.language):
        write(job, target)
    target.seek(0)
    return target


class Progress:
    """Counts the rows written and records the percentage on the job about a hundred times in all."""

    STEP = 200

    def __init__(self, job_id, total):
        self.job_id, self.total, self.rows = job_id, max(total, 1), 0
        self.step = max(self.STEP, total // 100)

    def tick(self):
        self.rows += 1
        if self.rows % self.step == 0:
            ExportJob.objects.filter(pk=self.job_id).update(progress=min(99, self.rows * 100 // self.total),
                                                            rows=self.rows)


def run(job_id):
    """The task's work: claim a pending job, write its file, record it. False if there was nothing to do
    or it failed (recorded on the job)."""
    if not ExportJob.objects.filter(pk=job_id, state=State.PENDING).update(state=State.RUNNING):
        return False
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        # The rows come from the read replica when there is one; the job's own row stays on the primary.
        with translation.override(job.language), reading_from_replica():
            if not job.requested_by.has_perm("reporting.export"):
                raise Forbidden
            scope = scope_of(job)
            progress = Progress(job.pk, sum(table.count(scope) for table in chosen(job.table)))
            with tempfile.TemporaryFile() as target:
                write(job, target, progress.tick)
                target.seek(0)
                name = default_storage.save(export_path(job, job.file_name), File(target))
    except Exception as error:  # noqa: BLE001 - any failure is the job's, shown on its page
        logger.exception("Export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(state=State.FAILED, error=repr(error)[:1000],
                                                   finished_at=timezone.now())
        return False
    ExportJob.objects.filter(pk=job_id).update(state=State.DONE, progress=100, rows=progress.rows, file=name,
                                               finished_at=timezone.now())
    return True


def job_for(user, pk):
    """The requester's own job; 404 for anybody else, admins included."""
    job = ExportJob.objects.filter(pk=pk, requested_by_id=user.pk).first() if user.is_authenticated else None
    if job is None:
        raise NotFound
    return job


def file_for(user, pk):
    """The job's file, for its requester while they may still export; 404 otherwise."""
    job = job_for(user, pk)
    if not job.is_downloadable or not user.has_perm("reporting.export"):
        raise NotFound
    return job


def recent_jobs(user, limit=10):
    return ExportJob.objects.filter(requested_by_id=user.pk).order_by("-created_at", "-id")[:limit]

