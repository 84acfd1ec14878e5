"""End to end: a real Celery worker process, on the real Redis, sends an outbox row to a mail folder."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from django.db import connection, transaction

from notifications import outbox
from notifications.models import OutboxMessage
from tests.notifications.conftest import celery_broker

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 11  # this suite's own Redis database


def _database_url():
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def worker(redis_url, tmp_path):
    broker = urlunsplit(urlsplit(redis_url)._replace(path=f"/{REDIS_DB}"))
    redis.Redis.from_url(broker).flushdb()  # no stale tasks from an earlier run
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "integration-test-only",
        "DJANGO_DEBUG": "0", "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir),
        "CONCERTO_VAR_DIR": str(tmp_path / "var"),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield broker, mail_dir, tmp_path / "worker.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_message_end_to_end(require_postgres, worker, world):
    broker, mail_dir, log = worker
    with celery_broker(broker), transaction.atomic():
        [message] = outbox.queue(kind="proposal_submit", recipients=[world.applicant],
                                 context={"proposal_title": "Épicerie solidaire"})

    def sent():
        return OutboxMessage.objects.get(pk=message.pk).state == "sent"

    assert _wait_for(sent, timeout=90), log.read_text()[-3000:]
    [mail_file] = list(mail_dir.iterdir())
    content = mail_file.read_text()
    assert "To: applicant@example.org" in content
    assert "=C3=89picerie solidaire" in content or "Épicerie solidaire" in content
