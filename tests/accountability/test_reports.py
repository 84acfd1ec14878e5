from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accountability import services
from accountability.models import PaymentTranche
from tests import factories
from tests.accountability.world import complete, funded_agreement
from tests.concurrency import run_together
from workflow import services as workflow

PDF = b"%PDF-1.4\n%bilan\n"


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    # What the services hand to the outbox; the outbox itself is tested in tests/notifications.
    calls = []
    monkeypatch.setattr(services, "queue", lambda **kwargs: calls.append(kwargs))
    return calls


def reports_of(agreement):
    interim = agreement.reports.get(kind="interim")
    final = agreement.reports.get(kind="final")
    return interim, final


def test_applicant_saves_a_draft_with_results_spending_and_attachment(world):
    agreement = funded_agreement(world)
    interim, _ = reports_of(agreement)
    proposal = agreement.proposal
    indicator, line = proposal.indicators.get(), proposal.budget_lines.get()
    services.save_report(
        interim, world.applicant,
        data={"narrative": "Nous avons rejoint 120 personnes.", "participants_women": 70},
        results={indicator.pk: (Decimal("120"), "En bonne voie")}, spendings={line.pk: Decimal("9000")},
        attachments=[SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf")])
    interim.refresh_from_db()
    assert (interim.state, interim.narrative, interim.participants_women) == ("draft", "Nous avons rejoint 120 personnes.", 70)
    assert interim.indicator_results.get().actual == Decimal("120")
    assert interim.spendings.get().spent == Decimal("9000")
    attachment = interim.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("bilan.pdf", "application/pdf")
    assert "bilan" not in attachment.file.name  # stored under a generated name


def test_draft_refuses_foreign_indicator_and_disguised_file(world):
    interim, _ = reports_of(funded_agreement(world))
    foreign = factories.IndicatorFactory()
    with pytest.raises(services.AccountabilityRefused, match="indicateur"):
        services.save_report(interim, world.applicant, data={}, results={foreign.pk: (Decimal("1"), "")})
    with pytest.raises(services.AccountabilityRefused, match="contenu"):
        services.save_report(interim, world.applicant, data={}, attachments=[
            SimpleUploadedFile("bilan.pdf", b"MZ\x90\x00binary", content_type="application/pdf")])


def test_incomplete_report_cannot_be_submitted(world):
    interim, _ = reports_of(funded_agreement(world))
    with pytest.raises(services.AccountabilityRefused, match="bilan narratif est requis"):
        services.submit_report(interim, world.applicant)
    interim.refresh_from_db()
    assert interim.state == "draft"


def test_report_flow_submit_return_resubmit_accept(world, queued):
    agreement = funded_agreement(world)
    interim, _ = reports_of(agreement)
    complete(interim)
    services.submit_report(interim, world.applicant)
    with pytest.raises(services.AccountabilityRefused, match="déposé"):
        services.save_report(interim, world.applicant, data={"narrative": "changé après dépôt"})
    with pytest.raises(services.AccountabilityRefused, match="commentaire est requis"):
        services.return_report(interim, world.analyst, comment="  ")
    services.return_report(interim, world.analyst, comment="Ajoutez les pièces justificatives.")
    interim.refresh_from_db()
    assert (interim.state, interim.review_comment) == ("returned", "Ajoutez les pièces justificatives.")
    assert [c["kind"] for c in queued] == ["report_returned"]
    assert queued[0]["recipients"] == [world.applicant]
    services.save_report(interim, world.applicant, data={"narrative": "Bilan corrigé."})
    services.submit_report(interim, world.applicant)
    services.accept_report(interim, world.analyst, comment="Merci.")
    interim.refresh_from_db()
    assert interim.state == "accepted" and interim.accepted_at and interim.reviewed_by == world.analyst
    assert queued[1]["kind"] == "report_accepted" and queued[1]["obj"] == interim
    with pytest.raises(services.AccountabilityRefused, match="Seul un rapport déposé"):
        services.accept_report(interim, world.analyst)


def test_tranche_tied_to_a_report_is_payable_only_once_report_accepted_and_agreement_signed(world, queued):
    agreement = funded_agreement(world)
    interim, _ = reports_of(agreement)
    at_signature, after_interim, after_final = agreement.tranches.order_by("order")
    with pytest.raises(services.AccountabilityRefused, match="pas encore payable"):
        services.record_tranche_payment(after_interim, world.manager, paid_on=date.today(), reference="CHQ-1")
    complete(interim)
    services.submit_report(interim, world.applicant)
    services.accept_report(interim, world.analyst)
    # Accepted, but nothing is paid before the agreement is signed.
    assert PaymentTranche.objects.get(pk=after_interim.pk).state == "scheduled"
    services.record_signature(agreement, world.manager, signed_on=date.today(),
                              signed_file=SimpleUploadedFile("convention.pdf", PDF, content_type="application/pdf"))
    states = dict(agreement.tranches.values_list("order", "state"))
    assert states == {1: "payable", 2: "payable", 3: "scheduled"}
    assert [c["kind"] for c in queued].count("tranche_payable") == 2
    services.record_tranche_payment(at_signature, world.manager, paid_on=date.today(), reference="VIR-2024-001")
    at_signature.refresh_from_db()
    assert (at_signature.state, at_signature.payment_reference, at_signature.recorded_by) == (
        "paid", "VIR-2024-001", world.manager)
    with pytest.raises(services.AccountabilityRefused, match="déjà"):
        services.record_tranche_payment(at_signature, world.manager, paid_on=date.today(), reference="x")


def test_signature_in_the_future_or_twice_is_refused(world):
    agreement = funded_agreement(world)
    with pytest.raises(services.AccountabilityRefused, match="futur"):
        services.record_signature(agreement, world.analyst, signed_on=date.today() + timedelta(days=1))
    services.record_signature(agreement, world.analyst, signed_on=date.today())
    with pytest.raises(services.AccountabilityRefused, match="déjà consignée"):
        services.record_signature(agreement, world.analyst, signed_on=date.today())


def test_accepting_the_final_report_moves_the_proposal_to_reported(world, queued):
    agreement = funded_agreement(world)
    interim, final = reports_of(agreement)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    services.submit_report(complete(final), world.applicant)
    with pytest.raises(services.AccountabilityRefused, match="rapports d'étape"):
        services.accept_report(final, world.analyst)
    services.submit_report(complete(interim), world.applicant)
    services.accept_report(interim, world.analyst)
    agreement.proposal.refresh_from_db()
    assert agreement.proposal.state == "funded"
    workflow.accept_report(final, world.analyst)
    agreement.proposal.refresh_from_db()
    assert agreement.proposal.state == "reported"
    assert agreement.proposal.get_state_display() == "Rapport final accepté"
    assert set(agreement.tranches.values_list("state", flat=True)) == {"payable"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_analysts_accepting_at_once_accept_once(world, require_postgres, queued):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    report = complete(agreement.reports.get(kind="interim"))
    services.submit_report(report, world.applicant)
    queued.clear()

    def accept():
        try:
            services.accept_report(report, world.analyst)
            return "accepted"
        except services.AccountabilityRefused:
            return "refused"

    outcomes = sorted(run_together(accept, accept))
    assert outcomes == ["accepted", "refused"]
    assert sorted(call["kind"] for call in queued) == ["report_accepted", "tranche_payable"]


def test_returning_and_accepting_write_outbox_rows_for_the_organisation(world, monkeypatch):
    from notifications.models import OutboxMessage

    monkeypatch.undo()  # the real outbox this time
    report = complete(reports_of(funded_agreement(world))[0])
    services.submit_report(report, world.applicant)
    services.return_report(report, world.analyst, comment="Précisez les dépenses.")
    services.submit_report(report, world.applicant)
    services.accept_report(report, world.analyst)
    rows = {row.kind: row for row in OutboxMessage.objects.filter(recipient=world.applicant)}
    assert set(rows) >= {"report_returned", "report_accepted"}
    assert rows["report_returned"].context["comment"] == "Précisez les dépenses."
    assert rows["report_accepted"].context["url"].endswith(f"/rapports/{report.pk}/")
