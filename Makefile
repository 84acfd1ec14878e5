# Concerto: `make run` for the demo, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# One stamp per lock: `make run` needs the runtime lock only, `make test` the development lock too.
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
# `make run PORT=8001` when 8000 is taken; HOST=0.0.0.0 to reach the demo from another machine.
PORT ?= 8000
HOST ?= 127.0.0.1
# Local files of the demo: SQLite, media and the embedded broker's folders (kombu does not create them).
VAR := $(or $(CONCERTO_VAR_DIR),var)

.PHONY: run test install translations messages lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

# The runtime lock: what the application runs with, pinned with hashes. pip shows its progress: the first
# install downloads about 100 packages.
$(RUNTIME_STAMP): requirements.lock | $(PY)
	@echo "Installation des dépendances (requirements.lock) : quelques minutes au premier lancement."
	$(PY) -m pip install --progress-bar on --require-hashes -r requirements.lock
	touch $@

# The development lock: the runtime lock's pins plus the test tools, so only those are added after it.
$(DEV_STAMP): requirements-dev.lock $(RUNTIME_STAMP)
	$(PY) -m pip install --progress-bar on --require-hashes -r requirements-dev.lock
	touch $@

install: $(DEV_STAMP)

# axe-core for the browser tests' accessibility checks, from the npm registry at the locked version.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# pybabel compiles the .po files without GNU gettext; fuzzy entries are left out.
translations: $(RUNTIME_STAMP)
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

test: install translations $(AXE)
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
