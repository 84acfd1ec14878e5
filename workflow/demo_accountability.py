"""Demo step of `seed_demo`: each funded project's accountability, taken to its stage of the story through
the services (signature, payments, reports, acceptance, closing), by the person who does each in real life.

Idempotent: each step runs only when its tranche, report or file is not there yet.
"""

from decimal import Decimal

from django.utils import timezone

from accountability import services as accountability
from accountability.models import Agreement, PaymentTranche, Report
from grants.states import State

from . import services

# Stages of a funded project, in the order its life goes through them.
UNSIGNED, DUE_SOON, OVERDUE, INTERIM_SUBMITTED, INTERIM_ACCEPTED, REPORTED, CLOSED = (
    "unsigned", "due_soon", "overdue", "interim_submitted", "interim_accepted", "reported", "closed")
STAGES = (UNSIGNED, DUE_SOON, OVERDUE, INTERIM_SUBMITTED, INTERIM_ACCEPTED, REPORTED, CLOSED)
# The share of each indicator's target reached by the interim and the final report.
REACHED = {Report.Kind.INTERIM: Decimal("0.5"), Report.Kind.FINAL: Decimal("1.05")}
CENT = Decimal("0.01")


def _reached(stage, milestone):
    return STAGES.index(stage) >= STAGES.index(milestone)


def advance(proposal, stage, applicant, people):
    """Take the funded proposal's agreement to `stage`; `applicant` files its reports."""
    agreement = Agreement.objects.get(proposal=proposal)
    manager = people["manager"]
    if stage == UNSIGNED:
        return agreement
    if not agreement.is_signed:
        accountability.record_signature(agreement, manager, signed_on=timezone.localdate())
    _pay(agreement, 1, manager)
    interim = agreement.reports.get(kind=Report.Kind.INTERIM)
    final = agreement.reports.get(kind=Report.Kind.FINAL)
    if stage == DUE_SOON and interim.state == Report.State.DRAFT and not interim.narrative:
        # Started, not filed: the applicant still has a week.
        accountability.save_report(interim, applicant, data={
            "narrative": "Douze familles accompagnées depuis l'ouverture de la halte-répit.",
            "participants_women": 9, "participants_men": 4, "participants_other": 0})
    if _reached(stage, INTERIM_SUBMITTED):
        _file(interim, applicant)
    if _reached(stage, INTERIM_ACCEPTED):
        _accept(interim, people["analyst"])
    if _reached(stage, REPORTED):
        _pay(agreement, 2, manager)
        _file(final, applicant)
        _accept(final, people["analyst"])
    if stage == CLOSED:
        _pay(agreement, 3, manager)
        proposal.refresh_from_db(fields=["state"])
        if proposal.state == State.REPORTED:
            services.transition(proposal, "close", manager, comment="Tous les versements sont faits.")
    return agreement


def _pay(agreement, order, manager):
    tranche = agreement.tranches.get(order=order)
    if tranche.state == PaymentTranche.State.PAYABLE:
        accountability.record_tranche_payment(tranche, manager, paid_on=timezone.localdate(),
                                              reference=f"VIR-DEMO-{agreement.pk:04d}-{order}")


def _file(report, applicant):
    report.refresh_from_db()
    if report.state != Report.State.DRAFT:
        return
    proposal = report.agreement.proposal
    share = REACHED[report.kind]
    final = report.kind == Report.Kind.FINAL
    accountability.save_report(report, applicant, data={
        "narrative": "Le projet s'est terminé comme prévu ; les partenaires poursuivent les activités."
                     if final else "Les activités ont commencé comme prévu ; la fréquentation augmente.",
        "objectives_progress": "1. Atteint.\n2. Atteint.\n3. Dépassé." if final
                               else "1. En cours.\n2. En bonne voie.\n3. Quatre partenaires engagés.",
        "participants_women": 130 if final else 60, "participants_men": 85 if final else 40,
        "participants_other": 4 if final else 2},
        results={indicator.pk: ((indicator.target * share).quantize(Decimal("1")), "")
                 for indicator in proposal.indicators.all()},
        spendings={line.pk: (line.total_amount * min(share, Decimal("1"))).quantize(CENT)
                   for line in proposal.budget_lines.all()})
    accountability.submit_report(report, applicant)


def _accept(report, analyst):
    report.refresh_from_db()
    if report.state == Report.State.SUBMITTED:
        services.accept_report(report, analyst, comment="Rapport complet, merci.")
