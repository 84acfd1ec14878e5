from contextlib import contextmanager
from datetime import date

import pytest

from config.celery import app as celery_app
from notifications import outbox


@contextmanager
def celery_broker(url):
    """Point the producer at another broker for the block (the pools cache the old connection)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url, conf.broker_transport_options = url, {}
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def in_memory_broker():
    # Tasks are never run eagerly: tests call them directly, and what is enqueued stays in memory.
    outbox.forget_broker_failure()
    with celery_broker("memory://"):
        yield
    outbox.forget_broker_failure()


@pytest.fixture
def today():
    return date(2027, 3, 15)
