# Concerto: `make run` for the demo, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install translations messages lint bench clean

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(VENV)/bin/pybabel compile --use-fuzzy=false -d locale -D django >/dev/null 2>&1 || $(VENV)/bin/pybabel compile -d locale -D django

# Regenerate the catalogues after changing visible strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var

run: export DJANGO_DEBUG := 1
run: translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Concerto : http://localhost:8000  (Ctrl-C pour tout arrêter)"
	@bash -c 'trap "kill 0" EXIT; \
	  $(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=1 & \
	  $(VENV)/bin/celery -A config beat --loglevel=INFO & \
	  $(PY) manage.py runserver 0.0.0.0:8000'

test: translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

bench: install
	$(PY) manage.py bench_scoring
	$(PY) manage.py bench_reminders

clean:
	rm -rf $(VENV) var
