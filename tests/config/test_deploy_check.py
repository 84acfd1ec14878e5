"""Production settings: `check --deploy` is clean, the secret key is required, the environment is honoured.

Each case runs Django in a subprocess with a controlled environment, since settings are read once
per process (and pytest's own process runs config.test_settings).
"""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from config.celery import create_the_embedded_broker_folders

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"), "port": db.get("PORT"),
    "user": db.get("USER"), "conn_max_age": db.get("CONN_MAX_AGE"),
    "broker": settings.CELERY_BROKER_URL,
    "transport": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "storage": settings.STORAGES["default"],
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "max_upload": settings.CONCERTO_MAX_UPLOAD_BYTES,
}))
"""


def production_env(tmp_path, **overrides):
    """Only what a production host would set: nothing inherited from the developer's or CI's shell."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CONCERTO_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "DJANGO_ALLOWED_HOSTS": "concerto.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://concerto.example.org",
        "CONCERTO_SITE_URL": "https://concerto.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "S3_BUCKET": "concerto-attachments",
        "S3_ENDPOINT_URL": "https://s3.example.org",
        "S3_ACCESS_KEY_ID": "concerto",
        "S3_SECRET_ACCESS_KEY": "not-a-real-secret",
        "S3_REGION": "ca-central-1",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def resolved_settings(env):
    result = run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_production_variables(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output.upper()


STARTS = {
    "web (wsgi)": "import config.wsgi",
    "web (asgi)": "import config.asgi",
    "celery worker": "import django; django.setup(); from celery.signals import worker_init; "
                     "from config.celery import app; worker_init.send(sender=None)",
    "celery beat": "import django; django.setup(); from celery.signals import beat_init; "
                   "from config.celery import app; beat_init.send(sender=None)",
}


@pytest.mark.parametrize("debug", [None, "0", "false"])
@pytest.mark.parametrize("process", sorted(STARTS))
def test_serving_processes_refuse_to_start_without_a_secret_key_when_debug_is_off(tmp_path, debug, process):
    result = run(["-c", STARTS[process]], production_env(tmp_path, DJANGO_SECRET_KEY=None, DJANGO_DEBUG=debug))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("process", sorted(STARTS))
def test_serving_processes_start_with_a_secret_key(tmp_path, process):
    result = run(["-c", STARTS[process]], production_env(tmp_path))
    assert result.returncode == 0, result.stderr


def test_deploy_check_fails_without_a_secret_key(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 production_env(tmp_path, DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_migrations_can_be_checked_in_a_bare_checkout_without_a_secret_key(tmp_path):
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"],
                 production_env(tmp_path, DJANGO_SECRET_KEY=None))
    assert result.returncode == 0, result.stderr


def test_debug_mode_starts_without_a_secret_key(tmp_path):
    resolved = resolved_settings(production_env(tmp_path, DJANGO_SECRET_KEY=None, DJANGO_DEBUG="1"))
    assert resolved["debug"] is True


def test_production_defaults_are_closed(tmp_path):
    resolved = resolved_settings(production_env(tmp_path, DJANGO_ALLOWED_HOSTS=None))
    assert resolved["debug"] is False
    assert resolved["allowed_hosts"] == []


def test_database_url_is_honoured(tmp_path):
    env = production_env(
        tmp_path, DATABASE_URL="postgres://concerto:pw@db.example.org:5433/concerto_prod",
        DATABASE_CONN_MAX_AGE="60",
    )
    resolved = resolved_settings(env)
    assert resolved["engine"] == "django.db.backends.postgresql"
    assert (resolved["host"], resolved["port"], resolved["name"]) == ("db.example.org", 5433, "concerto_prod")
    assert resolved["user"] == "concerto"
    assert resolved["conn_max_age"] == 60


def test_without_database_url_the_demo_uses_a_sqlite_file_in_the_var_folder(tmp_path):
    resolved = resolved_settings(production_env(tmp_path, DATABASE_URL=None))
    assert resolved["engine"] == "django.db.backends.sqlite3"
    assert resolved["name"] == str(tmp_path / "var" / "concerto.sqlite3")


def test_redis_url_becomes_the_broker_and_celery_broker_url_overrides_it(tmp_path):
    assert resolved_settings(production_env(tmp_path))["broker"] == "filesystem://"
    redis = "redis://cache.example.org:6379/2"
    assert resolved_settings(production_env(tmp_path, REDIS_URL=redis))["broker"] == redis
    both = production_env(tmp_path, REDIS_URL=redis, CELERY_BROKER_URL="redis://broker.example.org:6379/0")
    assert resolved_settings(both)["broker"] == "redis://broker.example.org:6379/0"


def test_embedded_broker_folders_are_under_the_var_folder_and_made_by_the_celery_processes(tmp_path, settings):
    """kombu's filesystem transport does not create them: a fresh clone's worker would crash. Importing
    the settings creates nothing; the worker and beat create them when they start."""
    transport = resolved_settings(production_env(tmp_path))["transport"]
    broker = tmp_path / "var" / "broker"
    assert not broker.exists()
    folders = [Path(transport[option]) for option in
               ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")]
    assert all(folder.is_absolute() and folder.parent == broker for folder in folders)
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = transport
    create_the_embedded_broker_folders()
    assert all(folder.is_dir() for folder in folders)


def test_s3_variables_configure_the_default_storage(tmp_path):
    storage = resolved_settings(production_env(tmp_path))["storage"]
    assert storage["BACKEND"] == "core.storage.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "concerto-attachments"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert (options["access_key"], options["secret_key"]) == ("concerto", "not-a-real-secret")
    assert options["region_name"] == "ca-central-1"
    assert options["default_acl"] is None  # private objects: no public-read ACL
    assert options["file_overwrite"] is False


def test_without_a_bucket_files_stay_on_the_local_disk(tmp_path):
    resolved = resolved_settings(production_env(tmp_path, S3_BUCKET=None, CONCERTO_MAX_UPLOAD_BYTES="2048"))
    assert resolved["storage"]["BACKEND"] == "core.storage.FileSystemStorage"
    assert resolved["max_upload"] == 2048


SERVE_LOGIN_PAGE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
# The hashed manifest is what can break a page; gzip/brotli would only add minutes to the test.
settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["css", "js", "map", "svg", "html", "txt", "json", "xml", "md"]
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
client = Client(HTTP_HOST="concerto.example.org")
# As behind the TLS proxy, which sets X-Forwarded-Proto (settings.SECURE_PROXY_SSL_HEADER).
page = client.get("/comptes/login/", headers={"X-Forwarded-Proto": "https"})
plain = client.get("/comptes/login/")
style = client.get("/static/css/concerto.css", headers={"X-Forwarded-Proto": "https"})
print(json.dumps([page.status_code, plain.status_code, plain.get("Location"), style.status_code,
                  page.get("Strict-Transport-Security", "")]))
"""


def test_production_settings_serve_pages_and_hashed_static_files(tmp_path):
    """DEBUG off: the manifest static storage resolves every {% static %} and WhiteNoise serves it."""
    result = run(["-c", SERVE_LOGIN_PAGE], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    page, plain, location, style, hsts = json.loads(result.stdout.strip().splitlines()[-1])
    assert page == 200
    assert (plain, location) == (301, "https://concerto.example.org/comptes/login/")
    assert style == 200
    assert hsts.startswith("max-age=")
