"""Kill -9 a real Celery worker while it sends, and count what the recipients would get (issue 16).

Queues `--messages` outbox rows, starts a Celery worker (solo pool) on the Redis at REDIS_URL, sending by
SMTP to a local sink that counts each Message-ID it accepts; kills the worker with SIGKILL `--kills` times
while it sends, restarting it each time; then runs the outbox sweep until every row is sent, and prints
delivered, duplicates (a Message-ID accepted twice) and missing. The worker takes its tasks from a queue
of its own, so it never takes another process's work.

The sweep here takes back rows stuck in "sending" after `--stuck-seconds` (production waits
CONCERTO_OUTBOX_STUCK_MINUTES): a send to the local sink lasts milliseconds, so a row still "sending"
that long after belongs to a killed worker. Run it on a scratch database (it refuses to run while other
messages wait to be sent there); its rows are deleted at the end unless --keep.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from config.celery import app as celery_app
from notifications import outbox, sending
from notifications.management.smtp_sink import SmtpSink
from notifications.models import OutboxMessage

ROOT = Path(settings.BASE_DIR)
State = OutboxMessage.State


class Command(BaseCommand):
    help = "Kill a sending Celery worker with -9 several times; print delivered, duplicates and missing."

    def add_arguments(self, parser):
        parser.add_argument("--messages", type=int, default=1000)
        parser.add_argument("--kills", type=int, default=4)
        parser.add_argument("--stuck-seconds", type=float, default=20)
        parser.add_argument("--timeout", type=float, default=600, help="seconds before giving up")
        parser.add_argument("--keep", action="store_true", help="keep the bench's rows")

    def handle(self, *args, messages, kills, stuck_seconds, timeout, keep, **options):
        broker_url = settings.CELERY_BROKER_URL
        if not broker_url.startswith("redis"):
            raise CommandError("Set REDIS_URL (or CELERY_BROKER_URL) to a Redis: the bench needs a real broker.")
        others = OutboxMessage.objects.filter(state__in=[State.PENDING, State.SENDING]).count()
        if others:
            raise CommandError(f"{others} message(s) wait to be sent in this database: the sweep would send "
                               "them to the bench's sink. Run it on a scratch database.")
        tag = uuid.uuid4().hex[:8]
        queue = f"bench-mail-{tag}"
        # Before anything is published in this process: the sweep's tasks go to the bench's own queue.
        celery_app.conf.task_routes = {name: {"queue": queue} for name in (
            "notifications.send_message", "notifications.send_messages")}
        started, ids = time.monotonic(), []
        self.sweeper = Sweeper(stuck_seconds)
        with SmtpSink() as sink:
            worker = Worker(queue, sink.port)
            try:
                ids = self._queue(messages, tag)
                worker.start()
                killed_at = self._kill_while_sending(worker, ids, kills, started + timeout)
                self._wait_for(ids, len(ids), started + timeout)
                worker.stop()
                self._report(ids, sink.snapshot(), killed_at, time.monotonic() - started, stuck_seconds)
            finally:
                worker.stop()
                _forget_queue(broker_url, queue)
                if not keep:
                    OutboxMessage.objects.filter(id__in=ids).delete()

    def _queue(self, count, tag):
        rows = OutboxMessage.objects.bulk_create(
            [OutboxMessage(kind="proposal_submit", to_email=f"bench-{tag}-{index}@example.org", language="fr",
                           context={"proposal_title": f"Banc d'essai {index}", "recipient_name": "Banc"})
             for index in range(count)], batch_size=1000)
        ids = [row.id for row in rows]
        outbox.enqueue(ids)  # as after the event's commit: tasks of outbox.BATCH rows
        return ids

    def _kill_while_sending(self, worker, ids, kills, deadline):
        """SIGKILL the worker each time another 1/(kills + 1) of the rows is sent; restart it at once."""
        killed_at = []
        for number in range(1, kills + 1):
            self._wait_for(ids, len(ids) * number // (kills + 1), deadline)
            time.sleep(random.uniform(0, 0.02))  # anywhere in the send cycle
            killed_at.append(_sent(ids))
            worker.kill()
            worker.start()
        return killed_at

    def _wait_for(self, ids, target, deadline):
        """Until `target` rows are sent, with the sweep running as beat runs it."""
        while (sent := _sent(ids)) < target:
            if time.monotonic() > deadline:
                raise CommandError(f"Timed out: {len(ids) - sent} row(s) still unsent.")
            self.sweeper.tick()
            time.sleep(0.05)

    def _report(self, ids, accepted, killed_at, seconds, stuck_seconds):
        expected = {sending.message_id_header(row) for row in OutboxMessage.objects.filter(id__in=ids)}
        delivered = sum(1 for message_id in expected if accepted[message_id])
        duplicates = sum(accepted[message_id] - 1 for message_id in expected if accepted[message_id] > 1)
        strangers = sum(count for message_id, count in accepted.items() if message_id not in expected)
        lines = [
            f"messages             {len(ids)}",
            f"worker killed (-9)   {len(killed_at)} times" + (f", after {', '.join(map(str, killed_at))} sent"
                                                             if killed_at else ""),
            f"taken back (stuck)   {self.sweeper.reclaimed} (after {stuck_seconds:g} s in \"sending\")",
            f"delivered            {delivered}",
            f"duplicates           {duplicates}",
            f"missing              {len(expected) - delivered}",
            f"not the bench's      {strangers}",
            f"time                 {seconds:.1f} s",
        ]
        self.stdout.write("\n".join(lines))


def _sent(ids):
    # The bench's rows are one run of ids: a range reads the primary key's index, not a list of 1,000 ids.
    return OutboxMessage.objects.filter(id__range=(ids[0], ids[-1]), state=State.SENT).count()


class Sweeper:
    """The outbox sweep as beat runs it, every few seconds here, with the bench's short waits."""

    EVERY_SECONDS = 2

    def __init__(self, stuck_seconds):
        self.minutes, self.reclaimed, self.last = stuck_seconds / 60, 0, 0.0

    def tick(self):
        if time.monotonic() - self.last < self.EVERY_SECONDS:
            return
        with override_settings(CONCERTO_OUTBOX_STUCK_MINUTES=self.minutes,
                               CONCERTO_OUTBOX_REQUEUE_MINUTES=self.minutes):
            self.reclaimed += sending.sweep()["reclaimed"]
        self.last = time.monotonic()


class Worker:
    """A Celery worker process sending through the sink, on the bench's queue."""

    def __init__(self, queue, smtp_port):
        self.queue, self.process = queue, None
        self.env = os.environ | {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "0", "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY or f"bench-mail-crash-{uuid.uuid4().hex}",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        }
        if connection.vendor == "postgresql":
            self.env["DATABASE_URL"] = _database_url()

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", self.queue,
             "--loglevel=ERROR", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def _database_url():
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _forget_queue(broker_url, queue):
    """Drop what the killed workers left of the bench's queue: its messages, bindings and unacknowledged
    deliveries (kombu would hand those back in an hour, to a queue nobody reads)."""
    client = redis.Redis.from_url(broker_url)
    for delivery_tag, payload in client.hscan_iter("unacked"):
        if json.loads(payload)[-1] == queue:
            client.hdel("unacked", delivery_tag)
            client.zrem("unacked_index", delivery_tag)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
