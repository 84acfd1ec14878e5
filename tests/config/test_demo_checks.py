"""The demo's commands (`make run`, on SQLite; `migrate` checks the database) print no system check warning:
the indexes' INCLUDE columns, PostgreSQL's only, had three warnings printed at every command."""

import os
import subprocess
import sys

from tests.config.test_make_and_ci import ROOT


def test_the_demo_database_raises_no_system_check_warning(tmp_path):
    environment = {**os.environ, "CONCERTO_VAR_DIR": str(tmp_path), "DJANGO_SECRET_KEY": "demo-check"}
    environment.pop("DATABASE_URL", None)
    environment.pop("DATABASE_REPLICA_URL", None)
    done = subprocess.run([sys.executable, "manage.py", "check", "--database", "default"], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "WARNINGS" not in done.stdout + done.stderr and "no issues" in done.stdout
