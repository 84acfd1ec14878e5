# Concerto: `make run` for the demo, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make run PORT=8001` when 8000 is taken; HOST=0.0.0.0 to reach the demo from another machine.
PORT ?= 8000
HOST ?= 127.0.0.1
# Local files of the demo: SQLite, media and the embedded broker's folders (kombu does not create them).
VAR := $(or $(CONCERTO_VAR_DIR),var)

.PHONY: run test install translations messages lint bench clean

# The development lock: the runtime lock's pins plus the test tools, all with hashes.
$(STAMP): requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

# axe-core for the browser tests' accessibility checks, from the npm registry at the locked version.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# pybabel compiles the .po files without GNU gettext; fuzzy entries are left out.
translations: install
	$(VENV)/bin/pybabel compile -d locale -D django --statistics

# Regenerate the catalogues after changing visible strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var

run: export DJANGO_DEBUG := 1
run: export CONCERTO_SITE_URL := $(or $(CONCERTO_SITE_URL),http://localhost:$(PORT))
run: translations
	mkdir -p $(VAR)/broker/out $(VAR)/broker/processed $(VAR)/broker/control
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Concerto : http://localhost:$(PORT)  (Ctrl-C pour tout arrêter)"
	@# On exit (Ctrl-C or a crash), `kill 0` sends SIGTERM to the whole process group: worker, its pool,
	@# beat, runserver and its reloader child; this shell ignores it (`trap :`) and waits for them.
	@bash -c 'trap "trap : TERM; kill 0; wait" EXIT; \
	  $(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=1 & \
	  $(VENV)/bin/celery -A config beat --loglevel=INFO & \
	  $(PY) manage.py runserver $(HOST):$(PORT)'

test: translations $(AXE)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

# Both benchmarks roll their generated data back; DATABASE_URL=postgres://… to measure on PostgreSQL.
bench: export DJANGO_DEBUG := 1
bench: install
	mkdir -p $(VAR)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py bench_scoring
	$(PY) manage.py bench_reminders --reports 100000

clean:
	rm -rf $(VENV) var
