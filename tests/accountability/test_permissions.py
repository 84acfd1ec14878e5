"""Role × action × whose object: another organisation's or program's agreement is a 404, a visible one
that is not yours to act on is a 403."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accountability import services
from accountability.models import PaymentTranche
from tests.accountability.world import complete, funded_agreement

ROLES = ["applicant", "other_applicant", "analyst", "reviewer", "board", "manager", "outside_analyst", "admin",
         "nobody"]


@pytest.fixture(autouse=True)
def no_outbox(monkeypatch):
    monkeypatch.setattr(services, "queue", lambda **kwargs: None)


def expected(role, allowed_roles, visible_roles):
    if role in allowed_roles:
        return 302
    return 403 if role in visible_roles else 404


VIEWERS = {"applicant", "analyst", "board", "manager", "admin"}
STAFF_READERS = {"analyst", "board", "manager", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_pages_are_visible_only_to_the_organisation_and_program_staff(world, client, role):
    agreement = funded_agreement(world)
    report = agreement.reports.first()
    client.force_login(getattr(world, role))
    pages = {
        reverse("agreement_detail", args=[agreement.pk]): VIEWERS,
        reverse("report_detail", args=[report.pk]): VIEWERS,
        reverse("program_results", args=[world.program.pk]): STAFF_READERS,
    }
    for url, viewers in pages.items():
        assert client.get(url).status_code == (200 if role in viewers else 404), url
    listed = client.get(reverse("agreement_list")).content.decode()
    assert (agreement.proposal.title in listed) == (role in VIEWERS)


def test_anonymous_people_are_sent_to_the_login_page(world, client):
    agreement = funded_agreement(world)
    response = client.get(reverse("agreement_detail", args=[agreement.pk]))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_recording_the_signature(world, client, role):
    agreement = funded_agreement(world)
    client.force_login(getattr(world, role))
    signed = SimpleUploadedFile("convention signée.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
    response = client.post(reverse("agreement_sign", args=[agreement.pk]),
                           {"signed_on": date.today().isoformat(), "signed_file": signed})
    status = expected(role, {"analyst", "manager", "admin"}, VIEWERS)
    assert response.status_code == status
    agreement.refresh_from_db()
    assert (agreement.signed_on == date.today()) == (status == 302)
    if status == 302:
        download = client.get(reverse("agreement_signed_file", args=[agreement.pk]))
        assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_payment(world, client, role):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    tranche = agreement.tranches.get(order=1)
    client.force_login(getattr(world, role))
    response = client.post(reverse("tranche_pay", args=[tranche.pk]),
                           {f"t{tranche.pk}-paid_on": date.today().isoformat(), f"t{tranche.pk}-reference": "VIR-1"})
    status = expected(role, {"manager", "admin"}, VIEWERS)
    assert response.status_code == status
    assert PaymentTranche.objects.get(pk=tranche.pk).state == ("paid" if status == 302 else "payable")


@pytest.mark.parametrize("role", ROLES)
def test_filing_a_report(world, client, role):
    report = funded_agreement(world).reports.get(kind="interim")
    client.force_login(getattr(world, role))
    response = client.post(reverse("report_detail", args=[report.pk]), {"narrative": "Bilan", "action": "save"})
    status = expected(role, {"applicant"}, VIEWERS)
    assert response.status_code == status
    report.refresh_from_db()
    assert report.narrative == ("Bilan" if status == 302 else "")


@pytest.mark.parametrize("role", ROLES)
def test_reviewing_a_report(world, client, role):
    report = complete(funded_agreement(world).reports.get(kind="interim"))
    services.submit_report(report, world.applicant)
    client.force_login(getattr(world, role))
    response = client.post(reverse("report_review", args=[report.pk]), {"decision": "accept"})
    status = expected(role, {"analyst", "admin"}, VIEWERS)
    assert response.status_code == status
    report.refresh_from_db()
    assert report.state == ("accepted" if status == 302 else "submitted")


def test_services_refuse_another_organisation_whatever_the_screen(world):
    agreement = funded_agreement(world)
    report = agreement.reports.get(kind="interim")
    with pytest.raises(PermissionDenied):
        services.save_report(report, world.other_applicant, data={"narrative": "intrusion"})
    with pytest.raises(PermissionDenied):
        services.record_signature(agreement, world.outside_analyst, signed_on=date.today())
    with pytest.raises(PermissionDenied):
        services.accept_report(report, world.manager)
