"""Every Celery task of the project goes to the queue of its kind, so that workers scale per queue; a
worker started without -Q (the demo's `make run`, the tests') consumes every queue."""

import re

import pytest

from config.celery import app
from tests.config.test_make_and_ci import dry_run

# Written by hand: a new task fails here until it has a route in CELERY_TASK_ROUTES and a row below.
QUEUES = {
    "notifications.send_message": "mail",
    "notifications.send_messages": "mail",
    "notifications.sweep_outbox": "mail",
    "notifications.scan_reminders": "scans",
    "notifications.send_analyst_digest": "scans",
    "core.apply_retention": "scans",
    "grants.compute_similarities": "scans",
    "grants.sweep_similarities": "scans",
    "scoring.refresh_zscores": "scans",
    "scoring.sweep_zscores": "scans",
    "reporting.run_export": "exports",
    "reporting.warm_dashboards": "scans",
    "portal.write_open_data": "exports",
    "workflow.run_bulk_job": "exports",
    "workflow.deliver_webhook": "webhooks",
    "workflow.sweep_webhooks": "webhooks",
}


def project_tasks():
    app.loader.import_default_modules()  # every app's tasks module, as a worker imports them
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def declared_queues():
    return {queue.name for queue in app.conf.task_queues}


def test_every_task_of_the_project_is_listed_here():
    assert project_tasks() == sorted(QUEUES)


@pytest.mark.parametrize("name", sorted(QUEUES))
def test_each_task_goes_to_the_queue_of_its_kind(name):
    queue = app.amqp.router.route({}, name)["queue"]
    assert queue.name == QUEUES[name]
    # Its own routing key: a task published to one queue never lands in another.
    assert queue.routing_key == QUEUES[name]


def test_the_default_queue_is_declared_and_no_task_relies_on_it():
    default = app.conf.task_default_queue
    assert default in declared_queues()
    assert default not in QUEUES.values()


def test_a_worker_without_q_consumes_every_queue():
    assert set(QUEUES.values()) <= declared_queues()
    routing_keys = [queue.routing_key for queue in app.conf.task_queues]
    assert len(routing_keys) == len(set(routing_keys))


def test_the_demo_worker_consumes_every_queue():
    worker = re.search(r"celery -A config worker[^&\n]*", dry_run("run")).group(0)
    chosen = re.search(r"(?:-Q|--queues)[ =](\S+)", worker)
    # Without -Q the worker takes every declared queue; with one, it must name them all.
    assert chosen is None or set(chosen.group(1).split(",")) >= declared_queues()
