"""The read-only accountability API: role × endpoint × whose object, scoped exactly like the pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from core import access
from grants.models import ProgramRole
from tests import factories
from tests.accountability.world import complete, funded_agreement

pytestmark = pytest.mark.django_db

ROLES = ["applicant", "other_applicant", "analyst", "reviewer", "board", "manager", "outside_analyst", "admin",
         "nobody"]
# Who sees which object: "own" is the world organisation's, "other_org" the other organisation's in the same
# program, "other_program" a third organisation's in the outside analyst's program.
VISIBLE = {
    "applicant": {"own"}, "other_applicant": {"other_org"},
    "analyst": {"own", "other_org"}, "board": {"own", "other_org"}, "manager": {"own", "other_org"},
    "reviewer": set(), "outside_analyst": {"other_program"}, "nobody": set(),
    "admin": {"own", "other_org", "other_program"},
}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def agreements(world):
    other_program = ProgramRole.objects.get(user=world.outside_analyst).program
    return {
        "own": funded_agreement(world),
        "other_org": funded_agreement(world, organisation=world.other_organisation),
        "other_program": funded_agreement(world, organisation=factories.OrganisationFactory(),
                                          call=factories.CallFactory(program=other_program)),
    }


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
def test_agreement_list_and_detail_are_scoped_like_the_pages(api, world, agreements, role):
    api.force_authenticate(getattr(world, role))
    expected = {agreements[name].pk for name in VISIBLE[role]}
    assert ids(api.get("/api/v1/agreements/")) == expected
    for agreement in agreements.values():
        response = api.get(f"/api/v1/agreements/{agreement.pk}/")
        if agreement.pk in expected:
            assert response.status_code == 200 and response.json()["id"] == agreement.pk
        else:
            assert response.status_code == 404
            assert response.json() == {"code": "not_found", "message": "Convention introuvable.", "details": {}}


@pytest.mark.parametrize("role", ROLES)
def test_report_list_and_detail_are_scoped_like_the_pages(api, world, agreements, role):
    api.force_authenticate(getattr(world, role))
    reports = {name: set(agreement.reports.values_list("pk", flat=True)) for name, agreement in agreements.items()}
    expected = set().union(*(reports[name] for name in VISIBLE[role]))
    assert ids(api.get("/api/v1/reports/")) == expected
    for report_ids in reports.values():
        for pk in report_ids:
            response = api.get(f"/api/v1/reports/{pk}/")
            assert response.status_code == (200 if pk in expected else 404)
            if pk not in expected:
                assert response.json()["message"] == "Rapport introuvable."


@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/api/v1/reports/"])
def test_anonymous_callers_are_refused(api, agreements, url):
    response = api.get(url)
    assert response.status_code in (401, 403) and response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_go_only_through_the_named_actions_even_for_the_admin(api, world, agreements, method):
    # Filing a report is PATCH (tests/accountability/test_api_reports.py); nothing else writes here.
    api.force_authenticate(world.admin)
    report = agreements["own"].reports.first()
    urls = ["/api/v1/agreements/", f"/api/v1/agreements/{agreements['own'].pk}/"]
    urls += [f"/api/v1/reports/{report.pk}/"] if method != "patch" else []
    for url in urls:
        assert getattr(api, method)(url, {}, format="json").status_code == 405, url


def test_agreement_detail_has_its_tranches_and_report_schedule(api, world):
    agreement = funded_agreement(world, amount=Decimal("40000"))
    api.force_authenticate(world.applicant)
    body = api.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert body["proposal"]["organisation"]["id"] == world.organisation.pk
    assert body["amount_granted"] == "40000.00" and body["is_signed"] is False
    tranches = body["tranches"]
    assert [t["condition"] for t in tranches] == ["at_signature", "after_interim_report", "after_final_report"]
    assert sum(Decimal(t["amount"]) for t in tranches) == Decimal("40000")
    assert tranches[0]["state_label"] == "Prévu"
    schedule = body["reports"]
    assert [(r["kind"], r["state"]) for r in schedule] == [("interim", "draft"), ("final", "draft")]
    interim = agreement.reports.get(kind="interim")
    assert tranches[1]["report"] == interim.pk and schedule[0]["id"] == interim.pk
    assert schedule[0]["due_on"] == interim.due_on.isoformat()


def test_report_detail_has_its_indicator_results(api, world):
    agreement = funded_agreement(world)
    report = complete(agreement.reports.get(kind="interim"))
    api.force_authenticate(world.analyst)
    body = api.get(f"/api/v1/reports/{report.pk}/").json()
    assert (body["kind_label"], body["agreement"], body["participants_total"]) == (
        "Rapport d'étape", agreement.pk, 113)
    assert body["indicator_results"] == [{
        "indicator": {"id": agreement.proposal.indicators.get().pk, "label": "Personnes rejointes",
                      "unit": agreement.proposal.indicators.get().unit, "target": "200.00"},
        "actual": "120.00", "comment": ""}]


@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/api/v1/reports/"])
def test_list_query_count_does_not_grow_with_rows(api, world, url):
    api.force_authenticate(world.analyst)
    counts = []
    for batch in (1, 5):
        for _index in range(batch):
            complete(funded_agreement(world).reports.get(kind="interim"))
        access.forget(world.analyst)  # each request reads the roles afresh, as a real one does
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_schema_documents_the_accountability_api_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = [message for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
            if any(word in message for word in ("Agreement", "Report", "Tranche", '"kind"', '"state"'))]
    assert ours == []  # the enum collisions (state, kind) are named in ENUM_NAME_OVERRIDES
    assert {"/api/v1/agreements/", "/api/v1/agreements/{id}/", "/api/v1/reports/",
            "/api/v1/reports/{id}/"} <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/reports/{id}/"]) == {"get", "patch"}
    components = schema["components"]["schemas"]
    assert {"ReportStateEnum", "ReportKindEnum", "TrancheStateEnum"} <= set(components)
