"""Celery tasks of grants: thin, take ids, return quietly when there is nothing to do."""

from functools import partial

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, F, OuterRef

from core import broker

from . import similarity
from .models import Proposal, ProposalSimilarity
from .states import State

PUBLISHER = broker.Publisher("similarity computation")
SWEEP_BATCH = 200


@shared_task(name="grants.compute_similarities")
def compute_similarities(proposal_id):
    return similarity.compute(proposal_id)


@shared_task(name="grants.sweep_similarities")
def sweep_similarities():
    """Hand over the submitted proposals whose similar projects were never computed (a broker that was down
    at their submission, proposals older than the feature), latest first."""
    PUBLISHER.forget_failure()  # the sweep runs on a live broker: try again
    computed = ProposalSimilarity.objects.filter(proposal_id=OuterRef("pk"), other_id=F("proposal_id"))
    ids = list(Proposal.objects.exclude(state=State.DRAFT).filter(~Exists(computed)).order_by("-id")
               .values_list("pk", flat=True)[:SWEEP_BATCH])
    return {"missing": len(ids), "enqueued": PUBLISHER.publish(compute_similarities, ids)}


def after_submission(proposal_id):
    """Called inside the submitting transaction: compute once it has committed, never making it wait."""
    transaction.on_commit(partial(PUBLISHER.publish, compute_similarities, [proposal_id]))
