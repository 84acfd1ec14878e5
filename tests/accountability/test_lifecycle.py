"""Reports and tranches change state only through their declared transitions, each one logged."""

from datetime import date

import pytest

from accountability import services
from accountability.models import PaymentTranche
from core import activity
from grants.models import Proposal
from tests.accountability.world import complete, funded_agreement
from workflow import services as workflow
from workflow.errors import GuardFailed


@pytest.fixture(autouse=True)
def quiet_outbox(monkeypatch):
    monkeypatch.setattr(services, "queue", lambda **kwargs: None)


def test_a_report_sent_back_twice_keeps_both_comments(world):
    report = funded_agreement(world).reports.get(kind="interim")
    complete(report)
    for comment in ("Ajoutez les pièces.", "Le bilan ne couvre pas l'axe 2."):
        services.submit_report(report, world.applicant)
        services.return_report(report, world.analyst, comment=comment)
    services.submit_report(report, world.applicant)
    services.accept_report(report, world.analyst, comment="Merci.")
    log = [(e.action, e.actor, e.from_state, e.to_state, e.comment) for e in activity.history(report)]
    assert log == [
        ("submit", world.applicant, "draft", "submitted", ""),
        ("send_back", world.analyst, "submitted", "returned", "Ajoutez les pièces."),
        ("submit", world.applicant, "returned", "submitted", ""),
        ("send_back", world.analyst, "submitted", "returned", "Le bilan ne couvre pas l'axe 2."),
        ("submit", world.applicant, "returned", "submitted", ""),
        ("accept", world.analyst, "submitted", "accepted", "Merci."),
    ]


def test_the_state_field_cannot_be_written_directly(world):
    report = funded_agreement(world).reports.first()
    with pytest.raises(AttributeError):
        report.state = "accepted"
    tranche = report.agreement.tranches.first()
    with pytest.raises(AttributeError):
        tranche.state = "paid"


def test_payments_and_releases_are_logged(world):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    first = agreement.tranches.get(order=1)
    services.record_tranche_payment(first, world.manager, paid_on=date.today(), reference="VIR-1")
    assert [(e.action, e.to_state) for e in activity.history(first)] == [("release", "payable"), ("pay", "paid")]
    assert activity.history(first).last().actor == world.manager


def test_cancelling_a_tranche_needs_a_reason_and_a_manager(world):
    tranche = funded_agreement(world).tranches.get(order=3)
    with pytest.raises(services.AccountabilityRefused, match="motif est requis"):
        services.cancel_tranche(tranche, world.manager, comment=" ")
    with pytest.raises(services.Forbidden):
        services.cancel_tranche(tranche, world.analyst, comment="Projet terminé plus tôt.")
    services.cancel_tranche(tranche, world.manager, comment="Projet terminé plus tôt.")
    tranche.refresh_from_db()
    assert tranche.state == "cancelled"
    assert activity.history(tranche).get().comment == "Projet terminé plus tôt."
    with pytest.raises(services.AccountabilityRefused, match="déjà versé ou annulé"):
        services.cancel_tranche(tranche, world.manager, comment="Encore.")


def _reported(world):
    agreement = funded_agreement(world)
    services.record_signature(agreement, world.manager, signed_on=date.today())
    interim, final = agreement.reports.get(kind="interim"), agreement.reports.get(kind="final")
    services.submit_report(complete(interim), world.applicant)
    services.accept_report(interim, world.analyst)
    services.submit_report(complete(final), world.applicant)
    workflow.accept_report(final, world.analyst)
    return agreement


def test_a_file_closes_only_once_every_tranche_is_paid_or_cancelled(world):
    agreement = _reported(world)
    proposal = Proposal.objects.get(pk=agreement.proposal_id)
    with pytest.raises(GuardFailed, match="versé ou annulé") as refused:
        workflow.transition(proposal, "close", world.manager)
    assert refused.value.code == "tranches_settled"
    first, second, third = agreement.tranches.order_by("order")
    for tranche in (first, second):
        services.record_tranche_payment(tranche, world.manager, paid_on=date.today(), reference=f"V-{tranche.pk}")
    services.cancel_tranche(third, world.manager, comment="Dépenses moindres que prévu.")
    assert workflow.transition(proposal, "close", world.manager).state == "closed"


def test_a_closed_file_refuses_payment(world):
    agreement = _reported(world)
    first, second, third = agreement.tranches.order_by("order")
    services.record_tranche_payment(first, world.manager, paid_on=date.today(), reference="V-1")
    services.cancel_tranche(second, world.manager, comment="Annulé.")
    services.cancel_tranche(third, world.manager, comment="Annulé.")
    workflow.transition(Proposal.objects.get(pk=agreement.proposal_id), "close", world.manager)
    # A tranche left payable by a data fix must still refuse payment once the file is closed.
    PaymentTranche.objects.filter(pk=third.pk).update(state="payable")
    with pytest.raises(services.AccountabilityRefused, match="dossier est fermé"):
        services.record_tranche_payment(third, world.manager, paid_on=date.today(), reference="V-3")
