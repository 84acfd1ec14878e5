"""Celery tasks of the workflow: thin, take ids, return quietly when there is nothing to do."""

import logging
import time

from celery import shared_task

from .webhooks import delivery

logger = logging.getLogger(__name__)
# After a broker failure, skip enqueueing for a while: each attempt at a dead Redis costs seconds, and the
# sweep enqueues those deliveries anyway.
BROKER_BACKOFF_SECONDS = 30
_broker_down_until = 0.0


@shared_task(name="workflow.deliver_webhook")
def deliver_webhook(delivery_id):
    # Retries are the delivery row's own (next_attempt_at, picked up by the sweep), not Celery's.
    return delivery.deliver(delivery_id)


@shared_task(name="workflow.sweep_webhooks")
def sweep_webhooks():
    global _broker_down_until
    _broker_down_until = 0.0  # the sweep runs on a live broker: try again
    found = delivery.sweep()
    ids = found.pop("ids")
    return {**found, "enqueued": enqueue(ids)}


def enqueue(ids):
    """Hand delivery ids to Celery after commit; stop at the first broker failure and leave the rest to the
    sweep. Never raises: the change that caused them has already committed."""
    global _broker_down_until
    if not ids:
        return 0
    if time.monotonic() < _broker_down_until:
        logger.warning("Broker recently unreachable: %d webhook delivery(ies) left for the sweep", len(ids))
        return 0
    for index, delivery_id in enumerate(ids):
        try:
            deliver_webhook.apply_async((delivery_id,), retry=False)
        except Exception:  # noqa: BLE001 - kombu raises several types for an unreachable broker
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning("Broker unreachable: %d webhook delivery(ies) left for the sweep", len(ids) - index,
                           exc_info=True)
            return index
    return len(ids)
