"""Celery tasks of scoring: thin, take ids, return quietly when there is nothing to do."""

from functools import partial

from celery import shared_task
from django.db import transaction

from core import broker

from . import zscores

PUBLISHER = broker.Publisher("z-score refresh")


@shared_task(name="scoring.refresh_zscores")
def refresh_zscores(call_id):
    return zscores.refresh(call_id)


@shared_task(name="scoring.sweep_zscores")
def sweep_zscores():
    """Hand over the calls whose stored z-scores no longer match their reviews and proposals (a withdrawal, a
    publish lost with a broker that was down)."""
    PUBLISHER.forget_failure()  # the sweep runs on a live broker: try again
    stale = zscores.stale_calls()
    return {"stale": len(stale), "enqueued": PUBLISHER.publish(refresh_zscores, stale)}


def after_submission(call_id):
    """Called inside the transaction that submits a review: refresh once it has committed, never making it wait."""
    if zscores.stored():
        transaction.on_commit(partial(PUBLISHER.publish, refresh_zscores, [call_id]))
