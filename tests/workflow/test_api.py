"""The proposals API: scoped like the pages, JSON errors, token authentication, schema."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from core import tokens
from grants.states import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_list_is_scoped_like_the_pages(api, world, make_proposal):
    own = make_proposal(State.DRAFT)
    other = make_proposal(State.SUBMITTED, organisation=world.other_organisation)
    decided = make_proposal(State.RECOMMENDED, organisation=world.other_organisation)
    # A draft is its organisation's; the board sees proposals from the decision stage on.
    expected = {"applicant": {own.pk}, "other_applicant": {other.pk, decided.pk},
                "analyst": {other.pk, decided.pk}, "board": {decided.pk}, "manager": {other.pk, decided.pk},
                "outside_analyst": set(), "reviewer": set(), "nobody": set(),
                "admin": {own.pk, other.pk, decided.pk}}
    for persona, visible in expected.items():
        api.force_authenticate(getattr(world, persona))
        assert ids(api.get("/api/v1/proposals/")) == visible, persona


def test_invisible_proposal_is_a_json_404(api, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    api.force_authenticate(world.outside_analyst)
    for url in [f"/api/v1/proposals/{proposal.pk}/", f"/api/v1/proposals/{proposal.pk}/transitions/"]:
        response = api.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_detail_for_the_applicant(api, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    api.force_authenticate(world.applicant)
    body = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert (body["state"], body["state_label"], body["organisation"]["id"]) == (
        "submitted", "Déposé", world.organisation.pk)


def test_transitions_available_to_the_caller(api, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    api.force_authenticate(world.board)
    body = api.get(f"/api/v1/proposals/{proposal.pk}/transitions/").json()
    assert [row["name"] for row in body] == ["approve", "decline"]
    approve = body[0]
    assert approve["ready"] and approve["inputs"][0] == {
        "name": "amount_granted", "kind": "amount", "label": "Montant accordé ($)", "required": True}
    assert body[1]["comment_required"] is True
    api.force_authenticate(world.analyst)
    assert api.get(f"/api/v1/proposals/{proposal.pk}/transitions/").json() == []


def test_guard_failure_is_409_with_the_guard_code(api, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    api.force_authenticate(world.board)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/approve/",
                        {"amount_granted": "999999.00"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "amount_granted_is_valid" and "dépasse" in response.json()["message"]


def test_stale_expected_state_is_409_concurrent_change(api, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    api.force_authenticate(world.analyst)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/recommend/",
                        {"expected_state": "submitted"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "concurrent_change"


def test_unreadable_value_is_400(api, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    api.force_authenticate(world.board)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/approve/",
                        {"amount_granted": "beaucoup"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"


def test_unknown_transition_is_404(api, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    api.force_authenticate(world.analyst)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/publish/", {}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "unknown_transition"


def test_token_authentication(api, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    _token, key = tokens.issue(world.analyst, name="suivi", scope="write")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/start_analysis/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "under_analysis"


def test_anonymous_callers_are_refused(api, make_proposal):
    response = api.get("/api/v1/proposals/")
    assert response.status_code in (401, 403) and "code" in response.json()


def test_schema_has_no_warning_for_the_workflow_api(client):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = [message for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
            if any(word in message for word in ("workflow", "Proposal", "Transition", "StateEnum"))]
    assert ours == []
    assert {"/api/v1/proposals/", "/api/v1/proposals/{id}/transitions/{name}/"} <= set(schema["paths"])
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_suggested_amount_only_for_staff(api, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    api.force_authenticate(world.analyst)
    body = api.post(f"/api/v1/proposals/{proposal.pk}/transitions/recommend/", {"suggested_amount": "9000"},
                    format="json").json()
    assert body["suggested_amount"] == "9000.00"
    api.force_authenticate(world.applicant)
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").json()["suggested_amount"] is None


def test_list_query_count_does_not_grow(api, world, make_proposal, django_assert_max_num_queries):
    api.force_authenticate(world.analyst)
    make_proposal(State.SUBMITTED)
    with django_assert_max_num_queries(6):
        api.get("/api/v1/proposals/")
    for _ in range(15):
        make_proposal(State.SUBMITTED)
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/v1/proposals/").json()["results"]) == 16
