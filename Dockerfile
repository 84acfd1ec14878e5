# Concerto's application image: the same image runs the web server (gunicorn), the Celery worker,
# Celery beat and the one-shot migrations (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CONCERTO_VAR_DIR=/app/var

# WeasyPrint (board packet PDF) needs Pango and HarfBuzz from the system; DejaVu covers French accents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The runtime lock pins every package the application runs with, with its hashes (no test tools).
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes -r /tmp/requirements.lock && rm /tmp/requirements.lock

COPY . .

# Compiled translations and the collected static files (served by WhiteNoise) are part of the image.
# The secret key below exists only for this build step; the real one comes from the environment.
# The project's modules compiled to bytecode here: PYTHONDONTWRITEBYTECODE keeps processes from writing it at
# run time, so without this every start would compile them again (config/warmup.py imports them all).
RUN pybabel compile -d locale -D django \
    && python -m compileall -q /app \
    && DJANGO_SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput -v0 \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin concerto \
    && chown -R concerto /app/var

USER concerto
EXPOSE 8000

CMD ["gunicorn", "config.wsgi", "--preload", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
