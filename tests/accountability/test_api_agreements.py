"""Agreement signature, tranche payment and cancellation through the API, and the list filters: the pages'
services and rules, JSON answers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accountability import services
from accountability.models import Agreement, PaymentTranche
from core import access
from core.models import ActivityLog
from tests import factories
from tests.accountability.world import funded_agreement

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%signee\n"
TODAY = date.today()


@pytest.fixture
def api():
    return APIClient()


def signed(agreement, by):
    services.record_signature(agreement, by, signed_on=TODAY)
    return agreement


def tranche(agreement, condition):
    return agreement.tranches.get(condition=condition)


def test_manager_records_the_signature_with_the_signed_copy(api, world):
    agreement = funded_agreement(world)
    api.force_authenticate(world.manager)
    upload = SimpleUploadedFile("convention signée.pdf", PDF, content_type="application/pdf")
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signature/",
                        {"signed_on": TODAY.isoformat(), "signed_file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["signed_on"], body["is_signed"]) == (agreement.pk, TODAY.isoformat(), True)
    assert body["tranches"][0]["state"] == "payable"  # the tranche due at signature
    agreement.refresh_from_db()
    assert (agreement.signed_on, agreement.signature_recorded_by, agreement.signed_file_name) == (
        TODAY, world.manager, "convention signée.pdf")
    assert agreement.signed_file.read() == PDF


def test_analyst_records_the_signature_without_a_file_in_json(api, world):
    agreement = funded_agreement(world)
    api.force_authenticate(world.analyst)
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    Agreement.objects.filter(pk=agreement.pk).update(created_at=agreement.created_at - timedelta(days=3))
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signature/", {"signed_on": yesterday}, format="json")
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert agreement.signed_on.isoformat() == yesterday and not agreement.signed_file


@pytest.mark.parametrize(("role", "status", "code"), [
    ("applicant", 403, "forbidden"), ("board", 403, "forbidden"), ("other_applicant", 404, "not_found"),
    ("outside_analyst", 404, "not_found"), ("reviewer", 404, "not_found")])
def test_signature_is_refused_to_others(api, world, role, status, code):
    agreement = funded_agreement(world)
    api.force_authenticate(getattr(world, role))
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signature/", {"signed_on": TODAY.isoformat()},
                        format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    agreement.refresh_from_db()
    assert agreement.signed_on is None


@pytest.mark.parametrize(("payload", "status", "message"), [
    ({}, 400, "Certaines valeurs envoyées ne sont pas valides."),
    ({"signed_on": (TODAY + timedelta(days=1)).isoformat()}, 400,
     "La date de signature ne peut pas être dans le futur."),
    ({"signed_on": "2001-01-01"}, 400, "La convention ne peut pas être signée avant sa création."),
    ({"signed_on": TODAY.isoformat(), "signed_file": "disguised"}, 400,
     "Le contenu du fichier ne correspond pas à son extension (.pdf). Déposez le document original."),
])
def test_signature_refuses_bad_values(api, world, payload, status, message):
    agreement = funded_agreement(world)
    api.force_authenticate(world.manager)
    if payload.get("signed_file") == "disguised":
        payload["signed_file"] = SimpleUploadedFile("convention.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signature/", payload, format="multipart")
    assert (response.status_code, response.json()["message"]) == (status, message)
    agreement.refresh_from_db()
    assert agreement.signed_on is None
    assert set(agreement.tranches.values_list("state", flat=True)) == {"scheduled"}


def test_an_oversized_signed_copy_is_refused_and_nothing_is_recorded(api, world, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 1000
    agreement = funded_agreement(world)
    api.force_authenticate(world.manager)
    big = SimpleUploadedFile("convention.pdf", PDF + b"0" * 5000, content_type="application/pdf")
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signature/",
                        {"signed_on": TODAY.isoformat(), "signed_file": big}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input" and "taille maximale" in body["message"]
    assert list(body["details"]) == ["signed_file"]
    agreement.refresh_from_db()
    assert agreement.signed_on is None


def test_a_second_signature_is_a_conflict(api, world):
    agreement = signed(funded_agreement(world), world.manager)
    api.force_authenticate(world.manager)
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signature/", {"signed_on": TODAY.isoformat()},
                        format="json")
    assert (response.status_code, response.json()["message"]) == (
        409, "La signature de cette convention est déjà consignée.")


def test_tranche_list_is_scoped_filtered_and_says_null_when_no_report(api, world):
    own = signed(funded_agreement(world), world.manager)
    other = funded_agreement(world, organisation=world.other_organisation)
    api.force_authenticate(world.applicant)
    rows = api.get("/api/v1/tranches/").json()["results"]
    assert {row["agreement"] for row in rows} == {own.pk}
    at_signature = next(row for row in rows if row["condition"] == "at_signature")
    assert at_signature["report"] is None and at_signature["state"] == "payable"
    api.force_authenticate(world.analyst)
    assert {row["agreement"] for row in api.get("/api/v1/tranches/").json()["results"]} == {own.pk, other.pk}
    assert {row["agreement"] for row in api.get(f"/api/v1/tranches/?agreement={other.pk}").json()["results"]} == {
        other.pk}
    payable = api.get("/api/v1/tranches/?state=payable").json()["results"]
    assert [row["id"] for row in payable] == [tranche(own, "at_signature").pk]
    assert api.get("/api/v1/tranches/?state=lost").status_code == 400
    assert api.get("/api/v1/tranches/?agreement=abc").status_code == 400


def test_manager_records_a_payment(api, world):
    payable = tranche(signed(funded_agreement(world), world.manager), "at_signature")
    api.force_authenticate(world.manager)
    response = api.post(f"/api/v1/tranches/{payable.pk}/payment/",
                        {"paid_on": TODAY.isoformat(), "reference": "VIR-2026-042"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["paid_on"], body["payment_reference"]) == ("paid", TODAY.isoformat(), "VIR-2026-042")
    payable.refresh_from_db()
    assert (payable.state, payable.recorded_by, payable.payment_reference) == ("paid", world.manager, "VIR-2026-042")


@pytest.mark.parametrize(("who", "condition", "payload", "status", "message"), [
    ("analyst", "at_signature", {"reference": "VIR-1"}, 403, "Cette action ne vous est pas permise."),
    ("applicant", "at_signature", {"reference": "VIR-1"}, 403, "Cette action ne vous est pas permise."),
    ("manager", "after_final_report", {"reference": "VIR-1"}, 409,
     "Ce versement n'est pas encore payable : sa condition n'est pas remplie."),
    ("manager", "at_signature", {"reference": "   "}, 400, "La référence du paiement est requise."),
    ("manager", "at_signature", {"reference": "VIR-1", "paid_on": "2999-01-01"}, 400,
     "La date de versement ne peut pas être dans le futur."),
])
def test_payment_refusals(api, world, who, condition, payload, status, message):
    target = tranche(signed(funded_agreement(world), world.manager), condition)
    api.force_authenticate(getattr(world, who))
    response = api.post(f"/api/v1/tranches/{target.pk}/payment/", {"paid_on": TODAY.isoformat(), **payload},
                        format="json")
    assert (response.status_code, response.json()["message"]) == (status, message)
    target.refresh_from_db()
    assert target.state != "paid"


def test_manager_cancels_a_tranche_with_its_reason(api, world):
    target = tranche(funded_agreement(world), "after_final_report")
    api.force_authenticate(world.manager)
    blank = api.post(f"/api/v1/tranches/{target.pk}/cancel/", {"comment": "  "}, format="json")
    assert (blank.status_code, blank.json()["code"]) == (400, "invalid_input")
    response = api.post(f"/api/v1/tranches/{target.pk}/cancel/", {"comment": "Le projet a pris fin plus tôt."},
                        format="json")
    assert (response.status_code, response.json()["state"]) == (200, "cancelled")
    assert ActivityLog.objects.filter(object_id=target.pk, action="cancel").get().comment == (
        "Le projet a pris fin plus tôt.")
    again = api.post(f"/api/v1/tranches/{target.pk}/cancel/", {"comment": "Encore."}, format="json")
    assert (again.status_code, again.json()["message"]) == (409, "Ce versement est déjà versé ou annulé.")
    api.force_authenticate(world.board)
    other = tranche(funded_agreement(world), "at_signature")
    assert api.post(f"/api/v1/tranches/{other.pk}/cancel/", {"comment": "Non."}, format="json").status_code == 403
    assert PaymentTranche.objects.get(pk=other.pk).state == "scheduled"


def test_agreement_filters(api, world):
    own = signed(funded_agreement(world), world.manager)
    other_org = funded_agreement(world, organisation=world.other_organisation)
    other_call = funded_agreement(world, call=factories.CallFactory(program=world.program))
    api.force_authenticate(world.analyst)

    def ids(query):
        response = api.get(f"/api/v1/agreements/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"program={world.program.pk}") == {own.pk, other_org.pk, other_call.pk}
    assert ids(f"program={world.program.pk + 1000}") == set()
    assert ids(f"call={world.call.pk}") == {own.pk, other_org.pk}
    assert ids(f"organisation={world.other_organisation.pk}") == {other_org.pk}
    assert ids("signed=true") == {own.pk}
    assert ids("signed=false") == {other_org.pk, other_call.pk}


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/agreements/abc/"), ("post", "/api/v1/agreements/1x/signature/"),
    ("get", "/api/v1/tranches/abc/"), ("post", "/api/v1/tranches/-1/payment/"),
    ("post", "/api/v1/tranches/1.5/cancel/")])
def test_a_malformed_id_is_a_json_404(api, world, method, path):
    api.force_authenticate(world.manager)
    response = getattr(api, method)(path, {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_tranche_list_query_count_does_not_grow_with_rows(api, world):
    api.force_authenticate(world.manager)
    counts = []
    for batch in (1, 5):
        for _index in range(batch):
            funded_agreement(world, amount=Decimal("30000"))
        access.forget(world.manager)
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/tranches/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
