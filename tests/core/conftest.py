"""Brokers that fail the way the issue met them: one that accepts and never answers, one that refuses."""

import socket
import threading

import pytest


@pytest.fixture
def hung_broker():
    """A port that accepts every connection and never sends a byte. Yields its URL and the accepted sockets."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0", accepted
    stop.set()
    thread.join()
    for connection in [*accepted, listener]:
        connection.close()


@pytest.fixture
def closed_port():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"
