"""docker-compose.yml, Dockerfile and .env.example checked as files: no Docker engine needed."""

import re
from pathlib import Path

import pytest
import yaml

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
# One Celery worker per kind of work, each consuming its own queues (docs/scaling.md).
WORKERS = {"worker-mail": {"mail"}, "worker-webhooks": {"webhooks"}, "worker-scans": {"scans", "celery"},
           "worker-exports": {"exports"}}
APP_SERVICES = ["migrate", "web", *WORKERS, "beat"]
REQUIRED_SERVICES = ["postgres", "postgres-replica", "redis", "minio", "minio-init", *APP_SERVICES]
# What the application cannot run without in production, wherever it comes from.
REQUIRED_VARIABLES = {
    "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_CSRF_TRUSTED_ORIGINS", "CONCERTO_SITE_URL",
    "DATABASE_URL", "REDIS_URL", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY", "S3_REGION", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "DEFAULT_FROM_EMAIL",
}
SETTINGS_VARIABLE = re.compile(r"""(?:environ\.get|environ\[|getenv|env_bool|env_list)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def env_example():
    """Names in .env.example, assigned (NAME=value) or documented as optional (# NAME=default)."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assigned = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE))
    optional = set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))
    return assigned, optional


def environment_of(service):
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return environment


def env_files_of(service):
    env_file = service.get("env_file") or []
    entries = [env_file] if isinstance(env_file, str) else env_file
    return [entry["path"] if isinstance(entry, dict) else entry for entry in entries]


def command_text(service):
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else command


def test_every_service_of_the_stack_exists_with_an_image_or_a_build(services):
    for name in REQUIRED_SERVICES:
        assert name in services, name
        assert services[name].get("image") or services[name].get("build"), name


def test_official_images_for_the_backing_services(services):
    assert services["postgres"]["image"].split(":")[0] == "postgres"
    assert services["redis"]["image"].split(":")[0] == "redis"
    assert "minio" in services["minio"]["image"]


def test_application_services_share_one_build_and_one_env_file(services):
    builds = [services[name]["build"] for name in APP_SERVICES]
    env_files = [env_files_of(services[name]) for name in APP_SERVICES]
    assert all(build == builds[0] for build in builds)
    assert env_files[0] == [".env"]
    assert all(files == env_files[0] for files in env_files)


def test_application_commands(services):
    assert "manage.py migrate" in command_text(services["migrate"])
    assert command_text(services["web"]).startswith("gunicorn config.wsgi --preload")  # config/warmup.py
    for name in WORKERS:
        assert command_text(services[name]).startswith("celery -A config worker"), name
    beat = command_text(services["beat"])
    assert beat.startswith("celery -A config beat")
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_required_variables_reach_every_application_service(services):
    assigned, _ = env_example()
    for name in APP_SERVICES:
        provided = set(environment_of(services[name])) | set(assigned)
        assert REQUIRED_VARIABLES <= provided, (name, REQUIRED_VARIABLES - provided)
        values = {**assigned, **environment_of(services[name])}
        assert values.get("DJANGO_DEBUG", "0").lower() in {"", "0", "false", "no", "off"}


def test_stack_services_are_wired_to_each_other(services):
    environment = environment_of(services["web"])
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"
    assert "@postgres-replica:5432/" in environment["DATABASE_REPLICA_URL"]


def test_every_variable_settings_reads_is_documented_in_env_example():
    assigned, optional = env_example()
    settings_text = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(SETTINGS_VARIABLE.findall(settings_text))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "S3_BUCKET"} <= read  # the pattern still finds them
    assert read - set(assigned) - optional == set()


def test_env_example_leaves_secrets_blank():
    assigned, _ = env_example()
    for name in ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "POSTGRES_REPLICATION_PASSWORD", "MINIO_ROOT_PASSWORD",
                 "S3_SECRET_ACCESS_KEY"]:
        assert assigned[name] == "", name


def test_compose_substitutions_are_named_in_env_example():
    assigned, optional = env_example()
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    substituted = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))
    assert substituted
    assert substituted - set(assigned) - optional == set()


def test_named_volumes_are_declared(compose, services):
    declared = set(compose.get("volumes") or {})
    used = set()
    for service in services.values():
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source and not source.startswith((".", "/", "~")):
                used.add(source)
    assert {"postgres-data", "postgres-replica-data", "redis-data", "minio-data"} <= used
    assert used <= declared


def test_dependencies_exist_and_order_the_start(services):
    for name, service in services.items():
        depends_on = service.get("depends_on") or []
        for target in depends_on:
            assert target in services, (name, target)
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ["web", *WORKERS, "beat"]:
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        assert depends_on["redis"]["condition"] == "service_healthy"
        assert depends_on["minio-init"]["condition"] == "service_completed_successfully"


def test_databases_have_healthchecks(services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["postgres-replica"]["healthcheck"]["test"])
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])


def queues_of(service):
    found = re.search(r"(?:^| )(?:-Q|--queues)[ =](\S+)", command_text(service))
    return set(found.group(1).split(",")) if found else set()


def test_each_worker_consumes_its_own_queues_and_together_every_queue(services):
    for name, queues in WORKERS.items():
        assert queues_of(services[name]) == queues, name
    consumed = [queue for name in WORKERS for queue in queues_of(services[name])]
    assert len(consumed) == len(set(consumed))  # each queue scales with one service
    assert set(consumed) == {queue.name for queue in app.conf.task_queues}
    assert not [name for name in services if "worker" in command_text(services[name]) and name not in WORKERS]


def test_the_replica_follows_the_primary_by_streaming_replication(services):
    primary, replica = services["postgres"], services["postgres-replica"]
    assert replica["image"] == primary["image"]
    command = command_text(replica)
    assert "pg_basebackup --host=postgres --username=replicator" in command
    assert "--write-recovery-conf" in command and "--slot=replica" in command
    assert "hot_standby_feedback=on" in command  # long exports on the replica are not cancelled
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert replica["environment"]["PGPASSWORD"] == primary["environment"]["POSTGRES_REPLICATION_PASSWORD"]
    # The primary's first start creates the role, the slot and the pg_hba line the replica needs.
    [init] = [volume for volume in primary["volumes"] if "docker-entrypoint-initdb.d" in volume]
    script = (ROOT / init.split(":")[0]).read_text(encoding="utf-8")
    assert "CREATE ROLE replicator WITH REPLICATION LOGIN" in script
    assert "pg_create_physical_replication_slot('replica')" in script
    assert "host replication replicator" in script


def test_web_and_exports_read_from_the_replica_once_it_is_up(services):
    for name in ["web", "worker-exports"]:
        assert services[name]["depends_on"]["postgres-replica"]["condition"] == "service_healthy", name
        assert "postgres-replica" in environment_of(services[name])["DATABASE_REPLICA_URL"]


def test_the_web_healthcheck_asks_the_health_endpoint(services):
    test = services["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    assert "urlopen('http://127.0.0.1:8000/sante/'" in test[3]
    compile(test[3], "healthcheck", "exec")


def test_dockerfile_installs_the_locked_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    assert "requirements.lock" in dockerfile
    assert "--require-hashes" in dockerfile
    assert "libpango-1.0-0" in dockerfile  # WeasyPrint
    assert "collectstatic" in dockerfile
    assert "pybabel compile" in dockerfile
    assert re.search(r"^USER (?!root)", dockerfile, re.MULTILINE)


def test_secrets_and_local_state_stay_out_of_images_and_git():
    dockerignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", "var", ".git"} <= set(dockerignore)
    assert "/.env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
