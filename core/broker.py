"""Handing work to Celery after commit without ever making a request wait on a dead broker.

Each kind of work (outbox messages, webhook deliveries) has one Publisher: it publishes ids one task each,
stops at the first broker failure and leaves the rest to that kind's periodic sweep, then skips publishing
for a while — each attempt at an unreachable Redis costs seconds.
"""

import logging
import time

logger = logging.getLogger(__name__)
BACKOFF_SECONDS = 30


class Publisher:
    def __init__(self, what):
        self.what = what  # "outbox message", "webhook delivery": for the logs
        self.down_until = 0.0

    def publish(self, task, ids):
        """How many ids were handed over. Never raises: the change that made them has committed."""
        if not ids:
            return 0
        if time.monotonic() < self.down_until:
            logger.warning("Broker recently unreachable: %d %s(s) left for the sweep", len(ids), self.what)
            return 0
        for index, item_id in enumerate(ids):
            try:
                task.apply_async((item_id,), retry=False)
            except Exception:  # noqa: BLE001 - kombu raises several types for an unreachable broker
                self.down_until = time.monotonic() + BACKOFF_SECONDS
                logger.warning("Broker unreachable: %d %s(s) left for the sweep", len(ids) - index, self.what,
                               exc_info=True)
                return index
        return len(ids)

    def forget_failure(self):
        """Try the broker again at the next publish (sweeps call this: they run on a live broker)."""
        self.down_until = 0.0
