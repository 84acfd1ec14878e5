"""What the demo installs: `make run` the runtime lock, with pip's progress; `make test` the development lock
on its own stamp; the image the runtime lock only. Read through `make -n` (nothing is run)."""

import re

from tests.config.test_make_and_ci import ROOT, dry_run, pytestmark  # noqa: F401

RUNTIME, DEV = "-r requirements.lock", "-r requirements-dev.lock"


def pip_lines(commands):
    return [line for line in commands.splitlines() if re.search(r"pip install .*-r requirements", line)]


def test_make_run_installs_the_runtime_lock_and_shows_its_progress():
    lines = pip_lines(dry_run("run", "-B"))
    assert len(lines) == 1 and lines[0].endswith(RUNTIME)
    assert "--require-hashes" in lines[0]
    assert not re.search(r"(\s-q+\b|--quiet)", lines[0])


def test_make_test_adds_the_development_lock_on_a_stamp_of_its_own():
    commands = dry_run("test", "-B", "PYTEST_ARGS=tests/config")
    lines = pip_lines(commands)
    assert [line.rsplit(" ", 2)[-2:] for line in lines] == [RUNTIME.split(), DEV.split()]
    assert all("--require-hashes" in line and "--quiet" not in line for line in lines)
    stamps = re.findall(r"^touch (\.venv/\S+)$", commands, re.MULTILINE)
    assert len(set(stamps)) == 2
    # The test tools are in place before the suite runs.
    assert commands.find(DEV) < commands.find("-m pytest")


def test_the_image_installs_the_runtime_lock_only():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"pip install --require-hashes -r /tmp/requirements\.lock", dockerfile)
    assert "requirements-dev" not in dockerfile and "sed " not in dockerfile
