"""Settings for the test suite: the production settings with test-only defaults."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")

from .settings import *  # noqa: E402,F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# Serve static files from the app folders in tests: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks published by the code under test go nowhere unless a test points Celery at a real broker itself
# (the worker integration test does): they must not pile up in the demo's filesystem queue.
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Rate limits count in this process's memory (tests/conftest.py empties it before each test), even when
# REDIS_URL points at a real server for the broker tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests sign staff in with force_login: the second factor is required only where a test turns it on.
CONCERTO_STAFF_MFA_REQUIRED = False
# API rate limits are tested by tests/core/test_api_auth.py with its own rates; elsewhere they stay out
# of the way of suites that make many calls (schemathesis).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "100000/hour"}}  # noqa: F405
# Schemathesis loads the schema through the WSGI app as host "localhost", before pytest-django's own hosts.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost"]  # noqa: F405
# The migrations create beat's schedules when the test database is made, and a full run lasts longer than
# the production wait for beat's first run: a health check late in the run must not find beat "never
# started". The tests of that check set their own wait (tests/core/test_health.py).
CONCERTO_HEALTH_BEAT_MINUTES = 24 * 60
