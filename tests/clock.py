"""A stand-in for `time.monotonic` in a module that imported it (`from time import monotonic`), moved by hand:
`clock.now += seconds`."""


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def fake_monotonic(monkeypatch, module):
    clock = Clock()
    monkeypatch.setattr(module, "monotonic", clock)
    return clock
