"""Celery tasks of the workflow: thin, take ids, return quietly when there is nothing to do."""

from celery import shared_task

from core import broker

from .bulk import service as bulk_service
from .webhooks import delivery

PUBLISHER = broker.Publisher("webhook delivery")


@shared_task(name="workflow.deliver_webhook")
def deliver_webhook(delivery_id):
    # Retries are the delivery row's own (next_attempt_at, picked up by the sweep), not Celery's.
    return delivery.deliver(delivery_id)


@shared_task(name="workflow.sweep_webhooks")
def sweep_webhooks():
    PUBLISHER.forget_failure()  # the sweep runs on a live broker: try again
    found = delivery.sweep()
    ids = found.pop("ids")
    return {**found, "enqueued": enqueue(ids)}


def enqueue(ids):
    """Hand delivery ids to Celery after commit; a broker failure leaves the rest to the sweep."""
    return PUBLISHER.publish(deliver_webhook, ids)


@shared_task(name="workflow.run_bulk_job")
def run_bulk_job(job_id):
    # A batch already claimed, finished or deleted is left alone: run() returns False.
    return bulk_service.run(job_id)
