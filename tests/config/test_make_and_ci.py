"""The two commands and the CI entry point, read through `make -n` (nothing is run) and as text."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(*args):
    # Under `make test`, the outer make's flags and variables must not leak into this one.
    env = {name: value for name, value in os.environ.items() if name not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(["make", "-n", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_prepares_then_starts_web_worker_and_beat_together():
    commands = dry_run("run", "PORT=8123")
    steps = ["pybabel compile", "manage.py migrate", "manage.py seed_demo", "manage.py collectstatic",
             "celery -A config worker", "celery -A config beat", "manage.py runserver 127.0.0.1:8123"]
    positions = [commands.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    assert "http://localhost:8123" in commands


def test_make_run_stops_the_whole_process_group_on_exit():
    commands = dry_run("run")
    launcher = commands[commands.find("bash -c"):]
    assert re.search(r'trap "[^"]*kill 0[^"]*" EXIT', launcher)
    # Worker and beat in the background, runserver in the foreground: Ctrl-C ends it, the trap the rest.
    assert re.search(r"celery -A config worker[^&\n]*&", launcher)
    assert re.search(r"celery -A config beat[^&\n]*&", launcher)
    assert "runserver 127.0.0.1:8000" in launcher


def test_make_test_runs_pytest_with_its_summary_line():
    commands = dry_run("test", "PYTEST_ARGS=tests/config")
    pytest_line = next(line for line in commands.splitlines() if "-m pytest" in line)
    assert pytest_line.endswith("-m pytest tests/config")
    assert "-q" not in pytest_line.split()  # pyproject's -q keeps the "N passed" line; -qq would drop it
    assert commands.find("pybabel compile") < commands.find("-m pytest")


def test_make_translations_needs_no_gnu_gettext_and_messages_regenerates_english():
    assert "pybabel compile -d locale -D django" in dry_run("translations")
    assert "manage.py makemessages -l en --no-obsolete" in dry_run("messages")


def test_install_uses_the_lock_with_hashes():
    commands = dry_run("install", "-B")
    assert "-m venv .venv" in commands
    assert re.search(r"pip install [-a-z ]*--require-hashes -r requirements-dev.lock", commands)


def _pins(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    return text, dict(re.findall(r"^([a-z0-9_.-]+)==(\S+) \\$", text, re.MULTILINE))


def test_locks_pin_with_hashes_and_name_no_machine_path():
    runtime_text, runtime = _pins("requirements.lock")
    dev_text, dev = _pins("requirements-dev.lock")
    for text in (runtime_text, dev_text):
        assert not re.search(r"^--(extra-index-url|index-url|find-links)|file://|/opt/", text, re.MULTILINE)
        assert "--hash=sha256:" in text
    assert {"django", "celery", "djangorestframework"} <= set(runtime)
    assert "pytest" in dev and "pytest" not in runtime
    # The development lock is the runtime lock plus the test tools, at the same versions.
    assert {name: dev[name] for name in runtime} == runtime


def test_ci_entry_point_installs_starts_and_points_the_suite_at_real_services():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    for package in ["chromium", "gettext", "fonts-dejavu-core", "libpango-1.0-0"]:
        assert f"packages+=({package}" in script, package
    assert "pg_ctlcluster" in script and "redis-server" in script
    assert "createdb -h 127.0.0.1 -U postgres concerto_ci" in script
    assert re.search(r'export DATABASE_URL="\$\{DATABASE_URL:-postgres://', script)
    assert re.search(r'export REDIS_URL="\$\{REDIS_URL:-redis://', script)
    assert 'export CI="${CI:-true}"' in script
    assert script.rstrip().splitlines()[-1] == "make test"
