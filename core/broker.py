"""Handing work to Celery after commit without ever making a request wait on a sick broker.

Each kind of work (outbox messages, webhook deliveries) has one Publisher: it publishes items (an id, or a
batch of ids) one task each and returns how many items it handed over; the rest is left to that kind's
periodic sweep. Whatever the broker does, a publish ends quickly, because:

- it uses connections of its own, whose every connect, read and write gives up after
  CONCERTO_BROKER_PUBLISH_TIMEOUT and is never retried (Celery's default connection waits forever on a
  broker that accepts and never answers, and tries a refused port for seconds);
- it stops once it has spent twice that timeout plus 10 ms per id handed over (a crawling broker), counted
  from its first exchange with the broker: what the process builds once before it (_pool) is its own time;
- after a failure, no Publisher of this process tries the broker again for BACKOFF_SECONDS (one broker).

The worker's own connection, which consumes, keeps Celery's settings: these timeouts are for publishing.
"""

import logging
import time

from django.conf import settings
from kombu import pools

logger = logging.getLogger(__name__)
BACKOFF_SECONDS = 30
SECONDS_PER_ID = 0.01  # a healthy broker takes well under a millisecond per task

_broker_down_until = 0.0
_pools = {}


def publish_timeout():
    return float(settings.CONCERTO_BROKER_PUBLISH_TIMEOUT)


def publishing_connection(app):
    """A new, lazy broker connection with the publishing timeouts (the caller connects and closes it)."""
    timeout = publish_timeout()
    return app.connection_for_write(connect_timeout=timeout, transport_options={
        # kombu: one connection attempt, not a retry loop; redis-py: bounded connect, read and write.
        "max_retries": 0, "socket_connect_timeout": timeout, "socket_timeout": timeout,
    })


def _pool(app):
    """kombu's pool of publishing connections to the app's broker. The Connection that names it in kombu's
    registry is built once per broker address and options, not per publish (it parses the address and loads
    the transport: 3 % of a submit's Python time in a rush when built for each one)."""
    key = (id(app), app.conf.broker_url, repr(app.conf.broker_transport_options), publish_timeout())
    if key not in _pools:
        connection = publishing_connection(app)
        # What a first publish would otherwise do inside its time budget, once per process, none of it talking
        # to the broker: Celery's task registry, routing and result backend, the transport's module imported.
        # A slow moment there (a CI machine's) once took over a second and marked a healthy broker down.
        app.tasks, app.amqp.queues, app.amqp.router, app.backend  # noqa: B018
        connection.get_transport_cls()
        _pools[key] = pools.connections[connection]
    return _pools[key]


def broker_answers(app):
    """Connect to the broker and close again: raises when it does not answer within the timeouts."""
    connection = publishing_connection(app)
    try:
        connection.ensure_connection(max_retries=0, timeout=publish_timeout())  # Redis: a PING answered
    finally:
        connection.release()


class Publisher:
    def __init__(self, what):
        self.what = what  # "outbox message", "webhook delivery": for the logs

    @property
    def down_until(self):
        return _broker_down_until

    @down_until.setter
    def down_until(self, value):
        global _broker_down_until
        _broker_down_until = value

    def publish(self, task, ids):
        """How many ids were handed over, from the first. Never raises: the change that made them has committed."""
        if not ids:
            return 0
        if time.monotonic() < self.down_until:
            logger.warning("Broker recently unreachable: %d %s(s) left for the sweep", len(ids), self.what)
            return 0
        handed = 0
        try:
            # A pool per broker address and options (kombu's registry): a connection is reused by later
            # requests, and closed when a publish on it fails. Built before the clock starts (_pool).
            pool = _pool(task.app)
            started, budget = time.monotonic(), 2 * publish_timeout()
            with pool.acquire(block=True, timeout=budget) as connection:
                producer = task.app.amqp.Producer(connection, auto_declare=False)  # one for all the ids
                for item_id in ids:
                    if time.monotonic() - started > budget + SECONDS_PER_ID * handed:
                        raise TimeoutError(f"publishing took longer than {budget} s")
                    task.apply_async((item_id,), retry=False, producer=producer)
                    handed += 1
        except Exception:  # noqa: BLE001 - kombu, redis-py and the pool raise several types
            self.down_until = time.monotonic() + BACKOFF_SECONDS
            logger.warning("Broker unreachable or too slow: %d %s(s) left for the sweep", len(ids) - handed,
                           self.what, exc_info=True)
        return handed

    def forget_failure(self):
        """Try the broker again at the next publish (sweeps call this: they run on a live broker)."""
        self.down_until = 0.0
