"""Race tests on PostgreSQL: run calls at the same instant, each on its own database connection."""

import threading
import time

from django.db import connections


def run_together(*calls, timeout=30):
    """Run each call in its own thread, released together by a barrier; return, in call order, what each
    call returned or the exception it raised (a refusal is usually the outcome under test).

    Django opens one connection per thread: each thread closes its own when its call ends, otherwise the
    test database cannot be dropped at teardown ("database test_… is being accessed by other users").
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test, which asserts on it
            outcomes[index] = exc
        finally:
            connections.close_all()

    # Daemon threads: a call stuck on a lock must fail the test below, not hang the whole run.
    threads = [threading.Thread(target=worker, args=(index, call), daemon=True)
               for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        raise AssertionError(f"{stuck} of {len(calls)} concurrent calls still running after {timeout} s")
    return outcomes
