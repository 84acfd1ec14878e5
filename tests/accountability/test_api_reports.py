"""Filing, submitting and reviewing reports through the API: the pages' services and rules, JSON answers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accountability import services
from accountability.models import Report, ReportAttachment
from core import access
from core.models import AccessLog
from tests import factories
from tests.accountability.world import complete, funded_agreement

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%bilan\n"
# 4,700 characters: accents, CRLF and LF line breaks, tabs, spaces at both ends, a non-breaking space.
LONG_TEXT = ("  Élan communautaire\r\n\tÀ l'été, « 120 » familles ont été rejointes ;\n"
             + "ça avance\u00a0bien — œuvre collective. " * 200)[:4699] + "\n"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "queue", lambda **kwargs: calls.append(kwargs))
    return calls


def interim_of(agreement):
    return agreement.reports.get(kind="interim")


def url(report, action=""):
    return f"/api/v1/reports/{report.pk}/" + (f"{action}/" if action else "")


def upload(name="bilan.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_text_round_trips_byte_identical(api, world):
    report = interim_of(funded_agreement(world))
    assert len(LONG_TEXT) == 4700
    api.force_authenticate(world.applicant)
    response = api.patch(url(report), {"narrative": LONG_TEXT, "objectives_progress": " Objectif 1 :\r\n atteint. "},
                         format="json")
    assert response.status_code == 200, response.content
    assert response.json()["narrative"] == LONG_TEXT
    body = api.get(url(report)).json()
    assert (body["narrative"], body["objectives_progress"]) == (LONG_TEXT, " Objectif 1 :\r\n atteint. ")
    report.refresh_from_db()
    assert report.narrative.encode() == LONG_TEXT.encode()


def test_patch_changes_only_what_is_sent(api, world):
    agreement = funded_agreement(world)
    report = interim_of(agreement)
    indicator, line = agreement.proposal.indicators.get(), agreement.proposal.budget_lines.get()
    api.force_authenticate(world.applicant)
    first = api.patch(url(report), {
        "narrative": "Bilan.", "participants_women": 70, "participants_men": 40, "participants_other": 0,
        "indicator_results": [{"indicator": indicator.pk, "actual": "120.50", "comment": "En bonne voie\n"}],
        "spendings": [{"budget_line": line.pk, "spent": "9000"}]}, format="json")
    assert first.status_code == 200, first.content
    second = api.patch(url(report), {"objectives_progress": "Objectif 1 : atteint."}, format="json").json()
    assert (second["narrative"], second["objectives_progress"], second["participants_total"]) == (
        "Bilan.", "Objectif 1 : atteint.", 110)
    assert second["indicator_results"] == [{
        "indicator": {"id": indicator.pk, "label": indicator.label, "unit": indicator.unit, "target": "200.00"},
        "actual": "120.50", "comment": "En bonne voie\n"}]
    assert second["spendings"] == [{"budget_line": line.pk, "spent": "9000.00"}]
    report.refresh_from_db()
    assert (report.state, report.participants_other) == ("draft", 0)
    assert report.spendings.get().spent == Decimal("9000")


@pytest.mark.parametrize(("who", "status", "code"), [
    ("analyst", 403, "forbidden"), ("manager", 403, "forbidden"), ("admin", 403, "forbidden"),
    ("other_applicant", 404, "not_found"), ("reviewer", 404, "not_found")])
def test_only_the_organisation_files_its_report(api, world, who, status, code):
    report = interim_of(funded_agreement(world))
    api.force_authenticate(getattr(world, who))
    response = api.patch(url(report), {"narrative": "Pas le mien."}, format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    report.refresh_from_db()
    assert report.narrative == ""


@pytest.mark.parametrize(("payload", "message"), [
    ({"participants_women": -1}, "Certaines valeurs envoyées ne sont pas valides."),
    ({"indicator_results": [{"indicator": "foreign", "actual": "1"}]}, "Cet indicateur n'appartient pas à ce projet."),
    ({"spendings": [{"budget_line": "foreign", "spent": "1"}]}, "Ce poste budgétaire n'appartient pas à ce projet."),
])
def test_bad_values_change_nothing(api, world, payload, message):
    report = interim_of(funded_agreement(world))
    for rows in (payload.get("indicator_results", []), payload.get("spendings", [])):
        for row in rows:
            row.update({key: (factories.IndicatorFactory() if key == "indicator" else factories.BudgetLineFactory()).pk
                        for key in ("indicator", "budget_line") if row.get(key) == "foreign"})
    api.force_authenticate(world.applicant)
    response = api.patch(url(report), {"narrative": "Changé ?", **payload}, format="json")
    assert (response.status_code, response.json()["message"]) == (400, message)
    report.refresh_from_db()
    assert report.narrative == ""  # one transaction: the narrative is not saved either


def test_an_indicator_given_twice_is_refused(api, world):
    agreement = funded_agreement(world)
    indicator = agreement.proposal.indicators.get()
    api.force_authenticate(world.applicant)
    response = api.patch(url(interim_of(agreement)), {"indicator_results": [
        {"indicator": indicator.pk, "actual": "1"}, {"indicator": indicator.pk, "actual": "2"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["details"]["indicator_results"] == ["Chaque indicateur ne peut figurer qu'une fois."]


def test_missing_then_submit(api, world):
    report = interim_of(funded_agreement(world))
    api.force_authenticate(world.applicant)
    missing = api.get(url(report, "missing")).json()["missing"]
    assert missing[0] == "Le bilan narratif est requis." and len(missing) == 4
    refused = api.post(url(report, "submit"))
    assert (refused.status_code, refused.json()["code"]) == (409, "incomplete")
    assert refused.json()["details"]["messages"] == missing
    complete(report)
    assert api.get(url(report, "missing")).json() == {"missing": []}
    response = api.post(url(report, "submit"))
    assert (response.status_code, response.json()["state"]) == (200, "submitted")
    report.refresh_from_db()
    assert (report.state, report.submitted_by) == ("submitted", world.applicant)
    again = api.patch(url(report), {"narrative": "Après dépôt."}, format="json")
    assert (again.status_code, again.json()["message"]) == (409, "Ce rapport a été déposé : il ne peut plus être modifié.")


def test_staff_may_not_submit(api, world):
    report = complete(interim_of(funded_agreement(world)))
    api.force_authenticate(world.analyst)
    assert api.post(url(report, "submit")).status_code == 403
    assert Report.objects.get(pk=report.pk).state == "draft"


def test_attachments_upload_download_and_removal(api, world):
    report = interim_of(funded_agreement(world))
    api.force_authenticate(world.applicant)
    response = api.post(url(report, "attachments"), {"file": upload("bilan financier.pdf")}, format="multipart")
    assert response.status_code == 201, response.content
    [listed] = response.json()["attachments"]
    attachment = ReportAttachment.objects.get(report=report)
    assert (listed["id"], listed["original_name"], listed["size"]) == (attachment.pk, "bilan financier.pdf", len(PDF))
    assert listed["download_url"] == f"http://testserver/api/v1/reports/{report.pk}/attachments/{attachment.pk}/"

    api.force_authenticate(world.analyst)
    download = api.get(listed["download_url"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (download["Content-Type"], download["Cache-Control"]) == ("application/pdf", "private, no-store")
    assert AccessLog.objects.filter(user=world.analyst, what="report_attachment").count() == 1
    assert api.delete(listed["download_url"]).status_code == 403
    api.force_authenticate(world.other_applicant)
    assert api.get(listed["download_url"]).status_code == 404
    assert api.delete(listed["download_url"]).status_code == 404

    api.force_authenticate(world.applicant)
    assert api.delete(listed["download_url"]).status_code == 204
    assert not ReportAttachment.objects.filter(pk=attachment.pk).exists()


def test_an_oversized_attachment_is_refused(api, world, settings):
    settings.CONCERTO_MAX_UPLOAD_BYTES = 1000
    report = interim_of(funded_agreement(world))
    api.force_authenticate(world.applicant)
    response = api.post(url(report, "attachments"), {"file": upload(data=PDF + b"0" * 5000)}, format="multipart")
    assert (response.status_code, list(response.json()["details"])) == (400, ["file"])
    assert "taille maximale" in response.json()["message"]
    assert not ReportAttachment.objects.filter(report=report).exists()


def test_attachment_refusals(api, world):
    agreement = funded_agreement(world)
    report = interim_of(agreement)
    api.force_authenticate(world.applicant)
    disguised = api.post(url(report, "attachments"), {"file": upload(data=b"MZ\x90\x00binaire")}, format="multipart")
    assert (disguised.status_code, disguised.json()["code"]) == (400, "invalid_input")
    assert api.post(url(report, "attachments"), {}, format="multipart").status_code == 400
    elsewhere = factories.ReportAttachmentFactory(report=agreement.reports.get(kind="final"))
    assert api.get(f"/api/v1/reports/{report.pk}/attachments/{elsewhere.pk}/").status_code == 404
    assert api.delete(f"/api/v1/reports/{report.pk}/attachments/{elsewhere.pk}/").status_code == 404
    assert ReportAttachment.objects.filter(pk=elsewhere.pk).exists()
    submitted = factories.ReportAttachmentFactory(report=report)
    services.submit_report(complete(report), world.applicant)
    late = api.post(url(report, "attachments"), {"file": upload()}, format="multipart")
    assert late.status_code == 409
    assert api.delete(f"/api/v1/reports/{report.pk}/attachments/{submitted.pk}/").status_code == 409
    assert ReportAttachment.objects.filter(report=report).count() == 1


def test_analyst_returns_then_accepts_and_the_final_report_closes_the_funding_stage(api, world):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    interim, final = interim_of(agreement), agreement.reports.get(kind="final")
    services.submit_report(complete(interim), world.applicant)
    api.force_authenticate(world.analyst)
    blank = api.post(url(interim, "return"), {"comment": " "}, format="json")
    assert (blank.status_code, blank.json()["code"]) == (400, "invalid_input")
    returned = api.post(url(interim, "return"), {"comment": "Ajoutez les pièces."}, format="json")
    assert (returned.status_code, returned.json()["state"], returned.json()["review_comment"]) == (
        200, "returned", "Ajoutez les pièces.")
    assert api.post(url(interim, "accept"), {}, format="json").status_code == 409  # not submitted

    api.force_authenticate(world.applicant)
    assert api.post(url(interim, "submit")).json()["state"] == "submitted"
    api.force_authenticate(world.analyst)
    accepted = api.post(url(interim, "accept"), {"comment": "Merci."}, format="json")
    assert (accepted.status_code, accepted.json()["state"]) == (200, "accepted")
    assert agreement.tranches.get(report=interim).state == "payable"
    agreement.proposal.refresh_from_db()
    assert agreement.proposal.state == "funded"

    services.submit_report(complete(final), world.applicant)
    response = api.post(url(final, "accept"), format="json")
    assert (response.status_code, response.json()["state"]) == (200, "accepted")
    agreement.proposal.refresh_from_db()
    assert agreement.proposal.state == "reported"


def test_final_report_waits_for_the_interim_one(api, world):
    agreement = funded_agreement(world)
    final = agreement.reports.get(kind="final")
    services.submit_report(complete(final), world.applicant)
    api.force_authenticate(world.admin)
    response = api.post(url(final, "accept"), {}, format="json")
    assert (response.status_code, response.json()["message"]) == (
        409, "Les rapports d'étape doivent être acceptés avant le rapport final.")
    final.refresh_from_db()
    agreement.proposal.refresh_from_db()
    assert (final.state, agreement.proposal.state) == ("submitted", "funded")


@pytest.mark.parametrize(("who", "status"), [("manager", 403), ("board", 403), ("applicant", 403),
                                             ("other_applicant", 404), ("outside_analyst", 404)])
@pytest.mark.parametrize("action", ["accept", "return"])
def test_only_analysts_and_admins_review(api, world, who, status, action):
    report = complete(interim_of(funded_agreement(world)))
    services.submit_report(report, world.applicant)
    api.force_authenticate(getattr(world, who))
    assert api.post(url(report, action), {"comment": "Non."}, format="json").status_code == status
    assert Report.objects.get(pk=report.pk).state == "submitted"


def test_report_filters(api, world):
    agreement = funded_agreement(world)
    interim, final = interim_of(agreement), agreement.reports.get(kind="final")
    Report.objects.filter(pk=interim.pk).update(due_on=date.today() - timedelta(days=5))
    other = interim_of(funded_agreement(world, organisation=world.other_organisation))
    services.submit_report(complete(other), world.other_applicant)
    api.force_authenticate(world.analyst)

    def ids(query):
        response = api.get(f"/api/v1/reports/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"agreement={agreement.pk}") == {interim.pk, final.pk}
    assert ids("state=submitted") == {other.pk}
    assert ids(f"kind=final&agreement={agreement.pk}") == {final.pk}
    assert ids("overdue=true") == {interim.pk}
    assert interim.pk not in ids("overdue=false")
    Report.objects.filter(pk=other.pk).update(due_on=date.today() - timedelta(days=30))
    ten_days_ago = (date.today() - timedelta(days=10)).isoformat()
    assert ids(f"due_before={ten_days_ago}") == {other.pk}
    assert ids(f"due_after={ten_days_ago}&due_before={date.today().isoformat()}") == {interim.pk}
    assert ids(f"due_after={final.due_on.isoformat()}&agreement={agreement.pk}") == {final.pk}
    assert api.get("/api/v1/reports/?due_before=demain").status_code == 400
    assert api.get("/api/v1/reports/?kind=annual").status_code == 400


def test_report_list_query_count_does_not_grow_with_rows(api, world):
    api.force_authenticate(world.applicant)
    counts = []
    for batch in (1, 4):
        for _index in range(batch):
            report = complete(interim_of(funded_agreement(world)))
            factories.ReportAttachmentFactory(report=report)
            factories.ReportSpendingFactory(report=report)
        access.forget(world.applicant)
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/reports/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
