"""Scoped API tokens, their throttle and the cursor pages (core.api_auth), tried on the proposals API."""

import pytest
from rest_framework.test import APIClient

from core import tokens
from core.api_auth import PerTokenThrottle
from core.models import ApiToken
from grants.states import State

LIST = "/api/v1/proposals/"


@pytest.fixture
def api():
    return APIClient()


def call_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_only_a_hash_of_the_key_is_stored_and_the_key_authenticates(world):
    token, key = tokens.issue(world.applicant, name="Tableur")
    assert key.startswith("cct_") and key not in (token.key_hash, token.prefix) and token.prefix == key[:12]
    assert call_with(key).get(LIST).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_bearer_keyword_works_and_unknown_or_revoked_keys_are_refused(world):
    token, key = tokens.issue(world.applicant, name="Tableur")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(LIST).status_code == 200
    assert tokens.revoke(world.applicant, token.pk)
    refused = call_with(key).get(LIST)
    # 403, not 401: session authentication comes first and sends no challenge (see tests/access).
    assert refused.status_code == 403 and refused.json()["code"] == "authentication_failed"
    assert call_with("cct_nothing").get(LIST).json()["code"] == "authentication_failed"


def test_a_deactivated_account_token_stops_working(world):
    _token, key = tokens.issue(world.applicant, name="Tableur")
    world.applicant.is_active = False
    world.applicant.save()
    assert call_with(key).get(LIST).json()["code"] == "authentication_failed"


def test_a_read_only_token_reads_but_cannot_write(world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    _token, read_key = tokens.issue(world.analyst, name="lecture", scope=ApiToken.Scope.READ)
    reader = call_with(read_key)
    assert reader.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    refused = reader.post(f"/api/v1/proposals/{proposal.pk}/transitions/start_analysis/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_token"
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED
    _token, write_key = tokens.issue(world.analyst, name="écriture", scope=ApiToken.Scope.WRITE)
    done = call_with(write_key).post(f"/api/v1/proposals/{proposal.pk}/transitions/start_analysis/", {},
                                     format="json")
    assert done.status_code == 200 and done.json()["state"] == State.UNDER_ANALYSIS


def test_each_token_has_its_own_budget(world, monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "3/hour"})
    _first, first_key = tokens.issue(world.applicant, name="un")
    _second, second_key = tokens.issue(world.applicant, name="deux")
    first = call_with(first_key)
    assert [first.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get(LIST)
    assert limited.status_code == 429 and limited.json()["code"] == "throttled" and "Retry-After" in limited
    assert call_with(second_key).get(LIST).status_code == 200


def test_lists_are_cursor_pages_that_walk_every_item_once(world, make_proposal, api):
    made = {make_proposal(State.SUBMITTED).pk for _ in range(5)}
    api.force_authenticate(world.analyst)
    seen, url = [], f"{LIST}?page_size=2"
    while url:
        page = api.get(url).json()
        assert len(page["results"]) <= 2 and "count" not in page
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))
