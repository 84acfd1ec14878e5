"""Replacing a proposal's lines through the API, and a real-size application filled through the API alone,
read back byte for byte, then submitted."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from grants.models import Partner, Proposal
from grants.states import State
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%real size\n"
PARAGRAPH = ("Les familles monoparentales de la Côte-Nord vivent une insécurité alimentaire « chronique » ; "
             "l'hiver, l'accès aux épiceries à prix modique diminue — œuvre commune, façade, naïveté, Éric.\n")


def long_text(seed, length=4700):
    """A text of exactly `length` characters: paragraphs with accents, blank lines and edge spaces."""
    body = f"  {seed} —\r\n" + "\n".join(f"{n}. {PARAGRAPH}" for n in range(60))
    return (body[:length - 3] + " \n\t")[:length]


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.applicant)
    return client


def put(api, proposal, kind, items, version=None):
    version = version or Proposal.objects.get(pk=proposal.pk).version
    return api.put(f"/api/v1/proposals/{proposal.pk}/{kind}/", {"version": version, "items": items}, format="json")


def partner(n):
    return {"name": f"Partenaire « {n} » — Côte-Nord", "kind": "community",
            "role": f"Rôle {n} :\n- accueil des familles ;\n- transport.  ", "cash_contribution": "250.00",
            "in_kind_contribution": f"{n}00.50"}


def indicator(n):
    return {"label": f"Indicateur {n} : personnes rejointes (été)", "target": str(10 * n), "unit": "personnes"}


def test_put_replaces_the_list_keeping_the_lines_named_by_id(api, world, make_proposal):
    proposal = make_proposal()
    kept, dropped = factories.PartnerFactory(proposal=proposal), factories.PartnerFactory(proposal=proposal)
    response = put(api, proposal, "partners", [{**partner(1), "id": kept.pk}, partner(2)])
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == proposal.version + 1
    assert [item["name"] for item in body["items"]] == [partner(1)["name"], partner(2)["name"]]
    assert body["items"][0]["id"] == kept.pk and not Partner.objects.filter(pk=dropped.pk).exists()
    assert put(api, proposal, "partners", []).json()["items"] == []


def test_a_partner_defaults_to_no_contribution(api, world, make_proposal):
    proposal = make_proposal()
    item = {"name": "Voisins solidaires", "kind": "community", "role": "Bénévoles"}
    body = put(api, proposal, "partners", [item]).json()
    assert (body["items"][0]["cash_contribution"], body["items"][0]["in_kind_contribution"]) == ("0.00", "0.00")


def test_a_line_of_another_proposal_is_refused(api, world, make_proposal):
    proposal, elsewhere = make_proposal(), make_proposal()
    stranger = factories.IndicatorFactory(proposal=elsewhere)
    response = put(api, proposal, "indicators", [{**indicator(1), "id": stranger.pk}])
    assert response.status_code == 400 and "id" in response.json()["details"]["items"]["0"]
    assert elsewhere.indicators.get().label == stranger.label
    own = factories.IndicatorFactory(proposal=proposal)
    twice = put(api, proposal, "indicators", [{**indicator(1), "id": own.pk}, {**indicator(2), "id": own.pk}])
    assert list(twice.json()["details"]["items"]) == ["1"]


def test_lines_are_checked_like_the_page_formsets(api, world, make_proposal):
    proposal = make_proposal()
    negative = put(api, proposal, "cofundings", [
        {"source": "Centraide", "amount": "100.00", "status": "confirmed"},
        {"source": "Ville", "amount": "-5.00", "status": "pending"}])
    assert negative.status_code == 400
    assert list(negative.json()["details"]["items"]) == ["1"] and "amount" in negative.json()["details"]["items"]["1"]
    over_line = put(api, proposal, "budget-lines", [
        {"category": "salaries", "description": "Coordination", "total_amount": "100.00", "fund_amount": "200.00"}])
    assert "fund_amount" in over_line.json()["details"]["items"]["0"]
    over_call = put(api, proposal, "budget-lines", [
        {"category": "salaries", "description": "Coordination", "total_amount": "90000.00", "fund_amount": "90000.00"},
        {"category": "rent", "description": "Loyer", "total_amount": "20000.00", "fund_amount": "20000.00"}])
    assert over_call.status_code == 400 and "non_field_errors" in over_call.json()["details"]
    unknown_kind = put(api, proposal, "partners", [{**partner(1), "kind": "cooperative"}])
    assert "kind" in unknown_kind.json()["details"]["items"]["0"]
    assert Proposal.objects.get(pk=proposal.pk).version == proposal.version  # nothing saved


def test_budget_lines_set_the_requested_amount(api, world, make_proposal):
    proposal = make_proposal()
    put(api, proposal, "budget-lines", [
        {"category": "salaries", "description": "Coordination", "total_amount": "30000.00", "fund_amount": "20000.00"},
        {"category": "activities", "description": "Ateliers", "total_amount": "5000.00", "fund_amount": "4500.50"}])
    assert Proposal.objects.get(pk=proposal.pk).requested_amount == Decimal("24500.50")


def test_a_stale_put_is_409(api, world, make_proposal):
    proposal = make_proposal()
    put(api, proposal, "indicators", [indicator(1)])
    response = put(api, proposal, "indicators", [indicator(2)], version=proposal.version)
    assert (response.status_code, response.json()["code"]) == (409, "stale_version")
    assert [line.label for line in proposal.indicators.all()] == [indicator(1)["label"]]


@pytest.mark.parametrize(("persona", "state", "status"), [
    ("other_applicant", State.DRAFT, 404), ("analyst", State.SUBMITTED, 403), ("applicant", State.SUBMITTED, 409)])
def test_who_may_not_replace_lines(api, world, make_proposal, persona, state, status):
    proposal = make_proposal(state)
    api.force_authenticate(getattr(world, persona))
    assert put(api, proposal, "indicators", [indicator(1)]).status_code == status
    assert not proposal.indicators.exists()


def test_a_real_size_application_through_the_api_alone(api, world):
    """34 partners, 9 indicators, 4,700-character texts: created, filled, read back identical, submitted."""
    kind = factories.AttachmentTypeFactory(code="resolution-ca")
    world.call.required_attachment_types.add(kind)
    axes = [factories.AxisFactory(program=world.program, order=n) for n in range(3)]
    mrc = factories.MrcFactory(parent=world.program.region)
    towns = [factories.MunicipalityFactory(parent=mrc) for _ in range(2)]
    plan = factories.LocalPlanFactory()
    world.program.local_plans.add(plan)
    priorities = [factories.PriorityFactory(local_plan=plan, order=n) for n in range(2)]

    created = api.post("/api/v1/proposals/", {"call": world.call.pk, "organisation": world.organisation.pk,
                                              "title": "  Ensemble à table : « cuisines » solidaires "}, format="json")
    assert created.status_code == 201
    pk, version = created.json()["id"], created.json()["version"]
    texts = {name: long_text(name) for name in (
        "mission", "territory_details", "target_population", "objectives", "problem_statement", "expected_results",
        "concerns", "complementarity", "gender_impact")}
    assert {len(text) for text in texts.values()} == {4700}
    texts["public_summary"] = long_text("Résumé public", 1000)  # the field's own limit
    sections = {**texts, "project_lead_name": "Julie Bérubé", "expected_women": 140, "expected_men": 95, "expected_other": 6,
                "start_date": "2027-04-01", "end_date": "2029-03-31", "primary_axis": axes[0].pk,
                "secondary_axes": [axes[1].pk, axes[2].pk], "priorities": [p.pk for p in priorities],
                "mrcs": [mrc.pk], "municipalities": [t.pk for t in towns]}
    patched = api.patch(f"/api/v1/proposals/{pk}/", {"version": version, **sections}, format="json")
    assert patched.status_code == 200, patched.json()
    proposal = Proposal.objects.get(pk=pk)
    lines = {
        "partners": [partner(n) for n in range(1, 35)],
        "indicators": [indicator(n) for n in range(1, 10)],
        "budget-lines": [{"category": category, "description": f"Poste {category} — détaillé", "total_amount": "15000.00",
                          "fund_amount": "9000.00"} for category in ("salaries", "activities", "rent", "travel")],
        "cofundings": [{"source": "Centraide Haute-Côte-Nord", "amount": "12000.00", "status": "confirmed"},
                       {"source": "Municipalité régionale", "amount": "3000.00", "status": "pending"}],
    }
    for kind_path, items in lines.items():
        response = put(api, proposal, kind_path, items)
        assert response.status_code == 200, response.json()
        assert len(response.json()["items"]) == len(items)
    upload = SimpleUploadedFile("Résolution du CA.pdf", PDF, content_type="application/pdf")
    assert api.post(f"/api/v1/proposals/{pk}/attachments/", {"kind": kind.pk, "file": upload},
                    format="multipart").status_code == 201

    body = api.get(f"/api/v1/proposals/{pk}/").json()
    assert body["title"] == "  Ensemble à table : « cuisines » solidaires "
    for name, text in texts.items():
        # byte for byte (spaces, tabs and accents kept) but for CR LF, stored as LF like the pages' text
        assert body[name] == text.replace("\r\n", "\n"), name
    assert [item["role"] for item in body["partners"]] == [item["role"] for item in lines["partners"]]
    assert [item["name"] for item in body["partners"]] == [item["name"] for item in lines["partners"]]
    assert [item["label"] for item in body["indicators"]] == [item["label"] for item in lines["indicators"]]
    assert [item["target"] for item in body["indicators"]] == [f"{10 * n}.00" for n in range(1, 10)]
    assert body["requested_amount"] == "36000.00"
    assert {t["id"] for t in body["municipalities"]} == {t.pk for t in towns}
    stored = Proposal.objects.get(pk=pk)
    assert all(getattr(stored, name) == text.replace("\r\n", "\n") for name, text in texts.items())

    assert api.get(f"/api/v1/proposals/{pk}/completeness/").json() == {"complete": True, "missing": []}
    submitted = api.post(f"/api/v1/proposals/{pk}/transitions/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert submitted.json()["reference"]
