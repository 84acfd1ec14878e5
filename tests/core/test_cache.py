"""The shared cache (core.cache): a Redis that refuses connections is passed over for the process's memory,
so public pages, sign-in (and its rate limits) and the API keep answering; Redis is tried again later."""

import logging
import threading

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from rest_framework.test import APIClient

from core import cache as shared_cache
from core import tokens
from core.api_auth import PerTokenThrottle
from tests.clock import fake_monotonic
from tests.config.test_replica import production_settings
from tests.replica import closed_port

pytestmark = pytest.mark.django_db
WRONG = "pas-le-bon-mot-de-passe"


@pytest.fixture
def clock(monkeypatch):
    clock = fake_monotonic(monkeypatch, shared_cache)
    monkeypatch.setattr(shared_cache, "_passed_over_until", {})  # each test starts with Redis not passed over
    return clock


def redis_cache(settings, url):
    settings.CACHES = {"default": {"BACKEND": "core.cache.FallbackRedisCache", "LOCATION": url,
                                   "KEY_PREFIX": "concerto-test",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}


@pytest.fixture
def refusing_redis(settings, clock):
    redis_cache(settings, f"redis://127.0.0.1:{closed_port()}/0")


def warnings(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "core.cache"]


@pytest.mark.usefixtures("refusing_redis")
def test_a_refusing_redis_is_tried_once_then_entries_live_in_the_process_until_the_retry(clock, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    cache.set("page", "rendu", 60)
    assert cache.get("page") == "rendu"
    assert cache.get_or_set("count", 1) == 1 and cache.incr("count") == 2
    assert cache.add("page", "autre") is False
    cache.delete("page")
    assert cache.get("page") is None
    [warning] = warnings(caplog)
    assert warning.startswith("Cache unreachable") and "30 s" in warning
    clock.now += shared_cache.RETRY_SECONDS
    assert cache.get("count") == 2  # Redis tried again, refused again: still the process's copy
    assert len(warnings(caplog)) == 2


def test_production_settings_use_it_with_timeouts_of_a_second(monkeypatch):
    configured = production_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/0")
    assert configured["CACHES"]["default"]["BACKEND"] == "core.cache.FallbackRedisCache"
    assert configured["CACHES"]["default"]["OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 1}


def test_a_redis_that_answers_again_is_used_after_the_retry(settings, clock, redis_url):
    redis_cache(settings, redis_url)
    shared_cache._passed_over_until[redis_url] = clock.now + 5  # as a refused connection five seconds ago leaves it
    cache.set("written-while-passed-over", 1)
    clock.now += 5
    cache.set("shared", "oui", 60)
    try:
        assert cache.get("shared") == "oui"
        assert cache._cache.get(cache.make_and_validate_key("shared"), None) == "oui"  # in Redis itself
        assert cache._cache.get(cache.make_and_validate_key("written-while-passed-over"), None) is None
    finally:
        cache.delete("shared")


@pytest.mark.usefixtures("refusing_redis")
def test_the_public_portal_answers_and_keeps_its_copy_in_the_process(client, world):
    first = client.get("/public/")
    assert first.status_code == 200 and f"/public/{world.program.code}/" in first.content.decode()
    assert client.get("/public/").content == first.content


@pytest.mark.usefixtures("refusing_redis")
def test_sign_in_works_and_its_rate_limit_still_counts_in_the_process(client, world):
    for _ in range(5):
        assert client.post(reverse("account_login"), {"login": world.applicant.email, "password": WRONG}
                           ).status_code == 200
    # The sixth failure for the account within five minutes (settings.ACCOUNT_RATE_LIMITS) is refused.
    assert client.post(reverse("account_login"), {"login": world.applicant.email, "password": WRONG}
                       ).status_code == 429
    assert client.post(reverse("account_login"), {"login": world.board.email, "password": "secret-pass-123"}
                       ).status_code == 302


@pytest.mark.usefixtures("refusing_redis")
def test_the_api_answers_and_its_throttle_still_counts_in_the_process(world, monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "2/min"})
    _token, key = tokens.issue(world.applicant, name="Tableur")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert [api.get("/api/v1/proposals/").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.usefixtures("refusing_redis")
def test_every_thread_of_the_process_shares_the_memory_and_the_pass_over(caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    cache.set("compte", 1)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(caches["default"].get("compte")))
    worker.start()
    worker.join()
    assert seen == [1]  # another thread's cache object, the same memory
    assert len(warnings(caplog)) == 1  # and Redis was not tried again from that thread
