"""The accountability pages: filing and reviewing through the forms, attachments, program results, and
query counts that do not grow with the rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accountability import latest, services
from accountability.models import Report
from accountability.selectors import program_results
from tests import factories
from tests.accountability.world import complete, funded_agreement

PDF = b"%PDF-1.4\n%bilan\n"


@pytest.fixture(autouse=True)
def no_outbox(monkeypatch):
    monkeypatch.setattr(services, "queue", lambda **kwargs: None)


def reports_of(agreement):
    return agreement.reports.get(kind="interim"), agreement.reports.get(kind="final")


def test_applicant_files_and_analyst_accepts_through_the_pages(world, client):
    agreement = funded_agreement(world)
    interim, _ = reports_of(agreement)
    indicator, line = agreement.proposal.indicators.get(), agreement.proposal.budget_lines.get()
    client.force_login(world.applicant)
    page = client.get(reverse("report_detail", args=[interim.pk]))
    assert page.status_code == 200 and "Déposer le rapport" in page.content.decode()
    response = client.post(reverse("report_detail", args=[interim.pk]), {
        "narrative": "Bilan", "objectives_progress": "Objectifs en cours", "participants_women": "5",
        "participants_men": "3", "participants_other": "0", f"actual_{indicator.pk}": "80",
        f"comment_{indicator.pk}": "", f"spent_{line.pk}": "1500.50", "action": "submit"})
    assert response.status_code == 302
    interim.refresh_from_db()
    assert interim.state == "submitted" and interim.spendings.get().spent == Decimal("1500.50")
    client.force_login(world.analyst)
    response = client.post(reverse("report_review", args=[interim.pk]), {"decision": "return", "comment": ""})
    assert response.status_code == 400 and "commentaire est requis" in response.content.decode()
    response = client.post(reverse("report_review", args=[interim.pk]), {"decision": "accept", "comment": ""})
    assert response.status_code == 302
    assert Report.objects.get(pk=interim.pk).state == "accepted"


def test_program_results_sum_latest_accepted_reports_in_constant_queries(world, client,
                                                                         django_assert_max_num_queries):
    axis = factories.AxisFactory(program=world.program)
    mrc = factories.MrcFactory(name="Sept-Rivières")

    def accepted_project(actual, women):
        agreement = funded_agreement(world, primary_axis=axis)
        agreement.proposal.mrcs.add(mrc)
        interim, final = reports_of(agreement)
        complete(interim)
        Report.objects.filter(pk=interim.pk).update(state="accepted", accepted_at="2025-01-01T00:00Z",
                                                    participants_women=women)
        interim.indicator_results.update(actual=actual)
        complete(final)  # not accepted: must not count
        final.indicator_results.update(actual=Decimal("9999"))
        latest.rebuild([agreement.pk])  # accepted here without the service

    accepted_project(Decimal("50"), 10)
    results = program_results(world.program)
    assert [(t.label, t.target, t.actual) for t in results.indicators] == [
        ("Personnes rejointes", Decimal("200"), Decimal("50"))]
    client.force_login(world.manager)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("program_results", args=[world.program.pk]))
    for number in range(4):
        accepted_project(Decimal("25"), number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("program_results", args=[world.program.pk]))
    assert response.status_code == 200
    results = program_results(world.program)
    assert [(t.target, t.actual, t.projects) for t in results.indicators] == [(Decimal("1000"), Decimal("150"), 5)]
    assert [(r.label, r.women, r.projects) for r in results.by_mrc] == [("Sept-Rivières", 16, 5)]
    assert [(r.women, r.men, r.projects) for r in results.by_axis] == [(16, 200, 5)]


def test_agreement_and_report_pages_take_the_same_queries_whatever_the_rows(world, client):
    small = funded_agreement(world)
    for order, percent in enumerate([20, 20, 20, 20, 10, 10], start=1):
        factories.PaymentTemplateLineFactory(call=world.call, order=order, percent=Decimal(percent),
                                             condition="after_interim_report")
    for months in (2, 4, 6):
        factories.ReportTemplateLineFactory(call=world.call, kind="interim", months_after_start=months)
    large = funded_agreement(world)
    for _ in range(4):
        factories.IndicatorFactory(proposal=large.proposal)
        factories.BudgetLineFactory(proposal=large.proposal)
    assert large.tranches.count() == 6 and large.reports.count() == 4
    client.force_login(world.applicant)
    # Warm per-process caches (the content type the report's history and access log look up).
    client.get(reverse("report_detail", args=[small.reports.last().pk]))

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(reverse("agreement_detail", args=[small.pk])) == count(reverse("agreement_detail", args=[large.pk]))
    small_report, large_report = small.reports.first(), large.reports.first()
    assert count(reverse("report_detail", args=[small_report.pk])) == count(
        reverse("report_detail", args=[large_report.pk]))


def test_applicant_removes_an_attachment_only_while_the_report_is_editable(world, client):
    report = reports_of(funded_agreement(world))[0]
    services.save_report(report, world.applicant, data={}, attachments=[
        SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf")])
    attachment = report.attachments.get()
    url = reverse("report_attachment_remove", args=[attachment.pk])
    client.force_login(world.other_applicant)
    assert client.post(url).status_code == 404
    client.force_login(world.applicant)
    assert client.get(reverse("report_attachment", args=[attachment.pk])).status_code == 200
    assert client.post(url).status_code == 302
    assert not report.attachments.exists()
    services.save_report(report, world.applicant, data={}, attachments=[
        SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf")])
    services.submit_report(complete(report), world.applicant)
    with pytest.raises(services.AccountabilityRefused):
        services.remove_report_attachment(report.attachments.get(), world.applicant)


def test_recording_a_payment_with_htmx_swaps_only_the_tranche_row(world, client):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    tranche = agreement.tranches.get(order=1)
    client.force_login(world.manager)
    url = reverse("tranche_pay", args=[tranche.pk])
    refused = client.post(url, {f"t{tranche.pk}-paid_on": date.today().isoformat()}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    response = client.post(url, {f"t{tranche.pk}-paid_on": date.today().isoformat(),
                                 f"t{tranche.pk}-reference": "VIR-7"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="tranche-{tranche.pk}">') and "VIR-7" in html
    assert "<html" not in html
