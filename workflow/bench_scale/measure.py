"""Each page, then its bare twin, in turn, through Django's test client in this process: wall time, Python
CPU (process time), the statements and their time (an execute wrapper on every database connection)."""

import gc
import statistics
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.db import connections
from django.test import Client
from django.urls import reverse

from config.warmup import warm

from .bare import QUERIES


class Probe:
    """Counts and times the statements sent while a request runs."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


@dataclass(frozen=True)
class Sample:
    wall: float  # ms
    cpu: float
    sql: float
    queries: int


@dataclass
class Result:
    page: object
    status: int = 0
    first: float = 0.0  # ms, the first request (after the warm-up every web process gets, as a new worker)
    size: int = 0  # bytes
    samples: list = field(default_factory=list)
    bare: list = field(default_factory=list)


@contextmanager
def as_a_web_process():
    """As every production web process (config/wsgi.py): what is loaded before the first answer is frozen, so a
    full collection does not walk it. Without this, one request in ten or so of the larger pages (the API's
    reports, 94 KB) took some 150 ms more: the collector walking this process's own startup objects."""
    warm()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # the bench's tests run in a longer process


def measure(pages, data, repeat, say):
    clients, results, probe = {}, [], Probe()
    with as_a_web_process(), ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(probe))
        for page in pages:
            client = clients.get(page.persona) or clients.setdefault(page.persona, _client(data, page.persona))
            QUERIES[page.key] = (page.sql, page.params)
            bare_url = reverse("bench_bare", args=[page.key])
            result = Result(page)
            status, result.size, first = _request(client, page.url, probe)
            result.status, result.first = status, first.wall
            results.append(result)
            if status != 200:
                say(f"  {page.label}: answered {status}, not measured")
                continue
            _request(client, bare_url, probe)
            for _ in range(repeat):
                result.samples.append(_request(client, page.url, probe)[2])
                result.bare.append(_request(client, bare_url, probe)[2])
            say(f"  {page.label}: {median(result.samples, 'wall'):.1f} ms")
    return results


def _client(data, persona):
    client = Client()
    if persona:
        client.force_login(getattr(data, persona))
    return client


def _request(client, url, probe):
    probe.count, probe.seconds = 0, 0.0
    cpu, wall = time.process_time(), time.perf_counter()
    response = client.get(url, secure=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return response.status_code, len(body), Sample(wall * 1000, cpu * 1000, probe.seconds * 1000, probe.count)


def median(samples, name):
    return statistics.median(getattr(sample, name) for sample in samples)


def percentile(samples, name, rank=95):
    ordered = sorted(getattr(sample, name) for sample in samples)
    return ordered[min(len(ordered) - 1, round(rank / 100 * (len(ordered) - 1)))]


HEADER = ("| page | queries | p50 ms | p95 ms | Python CPU ms | SQL ms | bare p50 ms | ratio | first ms | KB |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def table(results):
    """The figures as a Markdown table (medians unless said), ready for the README."""
    lines = [HEADER]
    for result in results:
        if result.status != 200:
            lines.append(f"| {result.page.label} | answered {result.status} | | | | | | | {result.first:,.0f} | |")
            continue
        counts = sorted({sample.queries for sample in result.samples})
        queries = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        page, bare = median(result.samples, "wall"), median(result.bare, "wall")
        lines.append(f"| {result.page.label} | {queries} | {page:,.1f} | {percentile(result.samples, 'wall'):,.1f} | "
                     f"{median(result.samples, 'cpu'):,.1f} | {median(result.samples, 'sql'):,.1f} | {bare:,.1f} | "
                     f"{page / bare:.1f}× | {result.first:,.0f} | {result.size / 1024:,.0f} |")
    return "\n".join(lines)
