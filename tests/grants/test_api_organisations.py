"""The organisations API: who sees which organisation, and how much of it, as the pages show it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from core import access
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def organisations(world):
    """A: the applicant's, verified, with a recommended proposal in P. B: the other applicant's, with only a
    draft in P. C: self-registered in P's region, waiting for verification, no proposal yet."""
    a, b = world.organisation, world.other_organisation
    a.verified_at = timezone.now()
    a.save(update_fields=["verified_at"])
    factories.ProposalFactory(call=world.call, organisation=a, state="recommended")
    factories.ProposalFactory(call=world.call, organisation=b, state="draft")
    c = factories.OrganisationFactory(territory=factories.MrcFactory(parent=world.program.region), email="c@ex.org")
    return {"A": a, "B": b, "C": c}


# Which organisations each persona reads, and how: "full" is the profile, "members" adds the member list.
SEEN = {
    "applicant": {"A": "members"}, "other_applicant": {"B": "members"},
    "analyst": {"A": "brief", "C": "full"}, "manager": {"A": "brief", "C": "full"}, "board": {"A": "brief"},
    "reviewer": {}, "outside_analyst": {}, "nobody": {},
    "admin": {"A": "members", "B": "members", "C": "members"},
}


@pytest.mark.parametrize("persona", sorted(SEEN))
def test_each_persona_reads_what_the_pages_show_them(api, world, organisations, persona):
    api.force_authenticate(getattr(world, persona))
    expected = {organisations[name].pk: level for name, level in SEEN[persona].items()}
    rows = api.get("/api/v1/organisations/").json()["results"]
    assert {row["id"] for row in rows} == set(expected)
    for name, organisation in organisations.items():
        response = api.get(f"/api/v1/organisations/{organisation.pk}/")
        if organisation.pk not in expected:
            assert response.status_code == 404
            assert response.json()["message"] == "Organisme introuvable."
            continue
        body = response.json()
        level = expected[organisation.pk]
        assert (body["legal_name"], body["kind"]) == (organisation.legal_name, organisation.kind)
        assert body["territory"]["id"] == organisation.territory_id
        assert (body["profile"] is None) == (level == "brief"), name
        assert (body["members"] is None) == (level != "members"), name
        if level != "brief":
            assert (body["profile"]["neq"], body["profile"]["mission"]) == (organisation.neq, organisation.mission)
        if level == "members":
            assert [member["email"] for member in body["members"]] == list(
                organisation.memberships.order_by("user__email").values_list("user__email", flat=True))


def test_list_is_in_name_order_and_verification_shows(api, world, organisations):
    api.force_authenticate(world.admin)
    rows = api.get("/api/v1/organisations/").json()["results"]
    assert [row["legal_name"] for row in rows] == sorted(row["legal_name"] for row in rows)
    verified = {row["id"]: row["is_verified"] for row in rows}
    assert verified[organisations["A"].pk] is True and verified[organisations["C"].pk] is False


def test_writes_are_not_offered(api, world, organisations):
    api.force_authenticate(world.applicant)
    for method in ("post", "put", "patch", "delete"):
        path = "/api/v1/organisations/" + ("" if method == "post" else f"{organisations['A'].pk}/")
        assert getattr(api, method)(path, {}, format="json").status_code == 405


@pytest.mark.parametrize("persona", ["admin", "analyst", "applicant"])
def test_list_query_count_does_not_grow_with_rows(api, world, persona):
    user = getattr(world, persona)
    api.force_authenticate(user)
    counts = []
    for batch in (1, 5):
        for _index in range(batch):
            organisation = factories.OrganisationFactory()
            factories.MembershipFactory(organisation=organisation, user=world.applicant)
            factories.MembershipFactory(organisation=organisation)
            factories.ProposalFactory(call=world.call, organisation=organisation, state="submitted")
        access.forget(user)
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/organisations/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
