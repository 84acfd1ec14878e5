import os
import shutil
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from tests import factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition, reason):
    """Skip on a developer's machine without the service; in CI a missing service is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI requires {reason}", pytrace=False)
    pytest.skip(f"needs {reason}")


@pytest.fixture
def require_postgres():
    require(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    reachable = False
    if url.startswith("redis://"):
        import redis

        try:
            reachable = redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            reachable = False
    require(reachable, "a reachable Redis (set REDIS_URL=redis://...)")
    return url


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Debian's chromium package (apt-get install chromium)")
    return path


@pytest.fixture(autouse=True)
def isolated_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def default_language():
    """A request by an English-speaking user activates English in this thread: each test starts in French."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def broker_not_backing_off():
    """A publish that failed in one test (no broker on a developer's machine) makes the process skip the broker
    for BACKOFF_SECONDS: each test starts with the broker tried again."""
    from core import broker

    broker.Publisher("test").forget_failure()


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth's rate limits and used TOTP codes are counted in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    """Personas around one program, as in healthchecks' tests: owner, team, outsiders."""

    program: object
    call: object
    organisation: object
    other_organisation: object
    applicant: object
    other_applicant: object
    analyst: object
    reviewer: object
    board: object
    manager: object
    outside_analyst: object
    admin: object
    nobody: object


@pytest.fixture
def world(db):
    program = factories.ProgramFactory()
    other_program = factories.ProgramFactory()
    call = factories.CallFactory(program=program)
    organisation = factories.OrganisationFactory()
    other_organisation = factories.OrganisationFactory()
    applicant = factories.UserFactory(email="applicant@example.org")
    other_applicant = factories.UserFactory(email="other-applicant@example.org")
    factories.MembershipFactory(user=applicant, organisation=organisation)
    factories.MembershipFactory(user=other_applicant, organisation=other_organisation)

    def staff(email, role, in_program=program):
        person = factories.UserFactory(email=email)
        factories.ProgramRoleFactory(user=person, program=in_program, role=role)
        return person

    return World(
        program=program, call=call, organisation=organisation, other_organisation=other_organisation,
        applicant=applicant, other_applicant=other_applicant,
        analyst=staff("analyst@example.org", "analyst"),
        reviewer=staff("reviewer@example.org", "reviewer"),
        board=staff("board@example.org", "board"),
        manager=staff("manager@example.org", "manager"),
        outside_analyst=staff("outside-analyst@example.org", "analyst", in_program=other_program),
        admin=factories.UserFactory(email="admin@example.org", is_staff=True, is_superuser=True),
        nobody=factories.UserFactory(email="nobody@example.org"),
    )


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"
