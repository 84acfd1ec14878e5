"""Asking for a bulk action, running it proposal by proposal, and reading one's own batches.

`request_batch` records a BulkJob with the selection fixed as ids. Up to CONCERTO_BULK_SYNC_MAX proposals
(and never for "all matching the filters") the request runs it at once; above, the task
`workflow.run_bulk_job` is published after commit (a broker that refuses it fails the job, never the
request). `run` goes through the proposals in chunks: each action is the single action's service in its own
transaction, so a refusal is recorded with its reason and never undoes the proposals done before it.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core import broker
from core.errors import NotFound, Refusal
from grants.models import Proposal

from . import actions
from .models import BulkJob

logger = logging.getLogger(__name__)
PUBLISHER = broker.Publisher("bulk job")
State = BulkJob.State
SYNC_MAX = 50
CHUNK = 100
BROKER_DOWN = "Broker unreachable: the batch was not queued."
ABANDONED = "Worker lost: the batch stopped without finishing."
# Far above the time between two progress writes (a hundredth of the batch, or one proposal).
STALE = timedelta(minutes=15)


def sync_max():
    return getattr(settings, "CONCERTO_BULK_SYNC_MAX", SYNC_MAX)


def runs_in_background(count, everything):
    return everything or count > sync_max()


def request_batch(user, program, *, action, params, label, proposal_ids, everything, language):
    """Record the batch; run it now when small, else leave it PENDING for the task. Returns the job."""
    background = runs_in_background(len(proposal_ids), everything)
    with transaction.atomic():
        job = BulkJob.objects.create(
            requested_by=user, program=program, action=action, params=params, label=label[:300],
            proposal_ids=list(proposal_ids), total=len(proposal_ids), language=language,
            state=State.PENDING)
        if background:
            transaction.on_commit(partial(enqueue, job.pk))
    if not background:
        run(job.pk)
        job.refresh_from_db()
    return job


def enqueue(job_id):
    """Hand the job to Celery after commit; never raises (the job is committed and its page shows it)."""
    from ..tasks import run_bulk_job

    if PUBLISHER.publish(run_bulk_job, [job_id]) == 0:
        logger.warning("Broker unreachable: bulk job %s failed", job_id)
        BulkJob.objects.filter(pk=job_id, state=State.PENDING).update(
            state=State.FAILED, error=BROKER_DOWN, finished_at=timezone.now())


def run(job_id):
    """Claim a pending job and apply its action to each proposal. False if there was nothing to do or it
    failed (recorded on the job, with what was done before the failure)."""
    if not BulkJob.objects.filter(pk=job_id, state=State.PENDING).update(state=State.RUNNING,
                                                                          heartbeat_at=timezone.now()):
        give_up_if_abandoned(job_id)
        return False
    job = BulkJob.objects.select_related("requested_by", "program").get(pk=job_id)
    progress = Progress(job)
    try:
        with translation.override(job.language):
            runner = actions.prepare(job)
            for start in range(0, job.total, CHUNK):
                ids = job.proposal_ids[start:start + CHUNK]
                found = Proposal.objects.select_related("call__program", "organisation").in_bulk(ids)
                for pk in ids:
                    progress.record(pk, found.get(pk), _outcome(runner, found.get(pk)))
    except Exception as error:  # noqa: BLE001 - a failure is the job's, shown on its page
        logger.exception("Bulk job %s failed", job_id)
        progress.save(state=State.FAILED, error=repr(error)[:1000], finished_at=timezone.now())
        return False
    progress.save(state=State.DONE, progress=100, finished_at=timezone.now())
    return True


def give_up_if_abandoned(job_id):
    """A task handed over again (acks_late: its worker died) finds its batch RUNNING. Silent for STALE, the
    batch lost its runner: it fails, so that its page stops waiting and says to run the rest again. Resuming
    instead could apply the action twice to the proposals done since the last progress was written."""
    return BulkJob.objects.filter(pk=job_id, state=State.RUNNING, heartbeat_at__lt=timezone.now() - STALE).update(
        state=State.FAILED, error=ABANDONED, finished_at=timezone.now())


def _outcome(runner, proposal):
    """None when done, else the French reason of the refusal."""
    try:
        if proposal is None:
            raise NotFound()
        runner(proposal)
    except Refusal as refusal:
        return str(refusal.message)
    return None


class Progress:
    """Collects each proposal's outcome and records the count on the job about a hundred times in all."""

    def __init__(self, job):
        self.job = job
        self.successes, self.refusals = [], []
        self.step = max(1, job.total // 100)

    def record(self, pk, proposal, reason):
        row = {"id": pk, "reference": proposal.reference if proposal else "",
               "title": proposal.title if proposal else ""}
        if reason is None:
            self.successes.append(row)
        else:
            self.refusals.append({**row, "reason": reason})
        done = len(self.successes) + len(self.refusals)
        if done % self.step == 0 and done < self.job.total:
            BulkJob.objects.filter(pk=self.job.pk).update(processed=done, progress=min(99, done * 100 // self.job.total),
                                                          heartbeat_at=timezone.now())

    def save(self, **fields):
        BulkJob.objects.filter(pk=self.job.pk).update(
            processed=len(self.successes) + len(self.refusals), successes=self.successes, refusals=self.refusals,
            **fields)


def job_for(user, pk):
    """The requester's own batch; 404 for anybody else, admins included."""
    job = BulkJob.objects.filter(pk=pk, requested_by_id=user.pk).first() if user.is_authenticated else None
    if job is None:
        raise NotFound
    return job


def recent_jobs(user, program, limit=5):
    return BulkJob.objects.filter(requested_by_id=user.pk, program=program).only(
        "pk", "action", "label", "state", "total", "created_at")[:limit]
