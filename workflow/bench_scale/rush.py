"""A deadline rush: gunicorn on a free local port, one thread per applicant. Each opens its draft's last
step (CSRF cookie and form token, as a browser gets them), waits for every other, then POSTs the real
submit view for each of its drafts. Then the database says whether anything was lost."""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from grants.models import Proposal

from . import drafts

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Outcome:
    times: list = field(default_factory=list)  # ms of each successful submit
    errors: list = field(default_factory=list)  # what went wrong, one entry per failed submit
    submitted: list = field(default_factory=list)  # ids whose submit answered success
    started: float = 0.0
    ended: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class Figures:
    submits: int
    per_second: float
    p50: float
    p95: float
    errors: int
    lost: int
    duplicates: int
    first_errors: list


def run(data, applicants, each, workers, say):
    prepared = drafts.prepare(data, applicants, each)
    sessions = [(drafts.sign_in(person), ids) for person, ids in prepared]
    say(f"  {len(sessions)} applicants signed in, {applicants * each} complete drafts; starting gunicorn "
        f"({workers} workers)")
    with Server(workers) as server:
        outcome, barrier = Outcome(), threading.Barrier(len(sessions))
        threads = [threading.Thread(target=_applicant, args=(server.port, key, ids, barrier, outcome))
                   for key, ids in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if outcome.errors:
            say(f"  server log (last lines):\n{server.log_tail()}")
    return _figures(outcome, [pk for _key, ids in sessions for pk in ids], data.program)


def _applicant(port, session_key, ids, barrier, outcome):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    cookies = {settings.SESSION_COOKIE_NAME: session_key}
    token = ""
    try:
        step = reverse("proposal_step", args=[ids[0], "verification"])
        response = _send(client, port, "GET", step, cookies)
        page = response.read().decode()
        _keep_cookies(response, cookies)
        token = TOKEN.search(page).group(1) if response.status == 200 and TOKEN.search(page) else ""
        if not token:
            raise RuntimeError(f"no form on the last step ({response.status})")
    except Exception as error:  # noqa: BLE001 - reported, the barrier must still be reached
        with outcome.lock:
            outcome.errors.append(f"preparing: {error}")
    barrier.wait()
    with outcome.lock:
        outcome.started = outcome.started or time.perf_counter()
    for pk in ids if token else []:
        started = time.perf_counter()
        try:
            response = _send(client, port, "POST", reverse("proposal_submit", args=[pk]), cookies,
                             body=urlencode({"csrfmiddlewaretoken": token}), referer=step)
            response.read()
            success = response.status == 302 and response.getheader("Location", "").endswith(
                reverse("proposal_detail", args=[pk]))
            error = None if success else f"{response.status} {response.getheader('Location', '')}"
        except Exception as failure:  # noqa: BLE001 - a refused connection or a timeout is an error of the rush
            client, error = http.client.HTTPConnection("127.0.0.1", port, timeout=300), repr(failure)
        elapsed = (time.perf_counter() - started) * 1000
        with outcome.lock:
            outcome.ended = max(outcome.ended, time.perf_counter())
            if error:
                outcome.errors.append(error)
            else:
                outcome.times.append(elapsed)
                outcome.submitted.append(pk)


def _send(client, port, method, path, cookies, body=None, referer=None):
    origin = f"https://127.0.0.1:{port}"
    headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https",  # as behind the TLS proxy
               "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    if body is not None:
        headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
                        "Referer": f"{origin}{referer}"})
    client.request(method, path, body=body, headers=headers)
    return client.getresponse()


def _keep_cookies(response, cookies):
    for header in response.msg.get_all("Set-Cookie") or []:
        cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})


def _figures(outcome, ids, program):
    succeeded = set(outcome.submitted)
    rows = Proposal.objects.filter(pk__in=ids).values_list("pk", "state", "reference")
    lost = sum(1 for pk, state, reference in rows if (pk in succeeded and state != "submitted")
               or (state == "submitted" and not reference))
    duplicates = (Proposal.objects.filter(program=program).exclude(reference="").values("reference")
                  .annotate(n=Count("id")).filter(n__gt=1).count())
    times, span = outcome.times, max(outcome.ended - outcome.started, 1e-9)
    ordered = sorted(times)
    return Figures(len(times), len(times) / span, statistics.median(times) if times else 0.0,
                   ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if times else 0.0,
                   len(outcome.errors), lost, duplicates, outcome.errors[:3])


class Server:
    """gunicorn serving workflow.bench_scale.wsgi on a free port, stopped (by its own pid) on exit."""

    def __init__(self, workers):
        self.workers, self.port = workers, _free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-scale-", suffix=".log", delete=False)  # noqa: SIM115

    def __enter__(self):
        self.process = subprocess.Popen(
            # --preload as in production (Dockerfile): the workers fork from a master that loaded everything.
            [sys.executable, "-m", "gunicorn", "workflow.bench_scale.wsgi:application", "--preload", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--backlog", "2048",
             "--timeout", "300", "--chdir", str(settings.BASE_DIR)],
            env=_environment(), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log_tail()}")
            try:
                client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                client.request("GET", "/favicon.ico", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
                client.getresponse().read()
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within 90 s:\n{self.log_tail()}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def log_tail(self, lines=15):
        with open(self.log.name, encoding="utf-8", errors="replace") as log:
            return "".join(log.readlines()[-lines:])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment():
    """Production settings on this database; tasks published into memory (the rush measures the request, and a
    request never waits on the broker); the signing key the sessions were written with."""
    database = connection.settings_dict
    url = (f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
           f"{database['PORT'] or 5432}/{database['NAME']}")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": "60", "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "CELERY_BROKER_URL": "memory://", "PYTHONUNBUFFERED": "1"}
