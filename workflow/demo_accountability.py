"""Demo step of `seed_demo`: a project funded through the real workflow, with its agreement signed, the
first tranche paid and the interim report due in ten days (so the reminders have something to chase).

Its call is open only while the proposal is submitted; once the project is funded the window is closed,
so applicants do not see a call for projects already under way among the open calls.

Idempotent: each run resumes the proposal where it stands and skips what is already done.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accountability import services as accountability
from accountability.models import Agreement, PaymentTranche, Report
from grants.demo import add_demo_lines, fill_demo_sections
from grants.models import Call, Proposal

from .services import transition

TITLE = "Halte-répit pour proches aidants de Sept-Îles"
CALL_SLUG = "parsis-cn-appel-2024-en-cours"
AMOUNT = Decimal("58000")
# Proposal state → the next transition on the way to "funded", its actor and its data.
PATH = {
    "draft": ("submit", "applicant", {}),
    "submitted": ("start_analysis", "analyst", {}),
    "under_analysis": ("recommend", "analyst", {"suggested_amount": AMOUNT}),
    "recommended": ("approve", "board", {
        "amount_granted": AMOUNT, "resolution_number": "CA-2024-117",
        "conditions": "Déposer la liste des partenaires confirmés avant le deuxième versement."}),
}


def seed_call(program):
    # Its own call: submission must happen while a call is open, and no review is required to recommend.
    now = timezone.now()
    call, _created = Call.objects.get_or_create(slug=CALL_SLUG, defaults={
        "program": program, "title": "PARSIS Côte-Nord — appel 2024 (projets en cours)",
        "opens_at": now - timedelta(days=400), "closes_at": now + timedelta(days=30),
        "max_amount": Decimal("150000"), "required_reviews": 0,
        "instructions": "Appel de démonstration : projets déjà financés, en cours de réalisation."})
    return call


def set_window(call, *, open_now):
    """The call's window is configuration data, set directly as a program manager would in the admin."""
    now = timezone.now()
    # Closed "now": right after the demo proposal's submission, so its submitted date stays inside the window.
    closes_at = now + timedelta(days=30) if open_now else now
    Call.objects.filter(pk=call.pk).update(opens_at=min(call.opens_at, now - timedelta(days=400)),
                                           closes_at=closes_at)
    call.refresh_from_db(fields=["opens_at", "closes_at"])


def seed_proposal(call, organisation, author):
    proposal = Proposal.objects.filter(title=TITLE, organisation=organisation).first()
    if proposal is not None:
        return proposal
    proposal = Proposal(call=call, organisation=organisation, created_by=author, title=TITLE)
    fill_demo_sections(proposal, organisation, list(call.program.axes.all()))
    # Started about six months ago: the mid-term (interim) report falls due in ten days.
    today = timezone.localdate()
    proposal.start_date, proposal.end_date = today - timedelta(days=170), today + timedelta(days=190)
    proposal.save()
    proposal.mrcs.set([organisation.territory])
    add_demo_lines(proposal)
    return proposal


def fund(proposal, people):
    # Only a draft needs the call open (to be submitted); a proposal past draft never reopens it.
    if proposal.state == "draft" and not proposal.call.is_open():
        set_window(proposal.call, open_now=True)
    while proposal.state in PATH:
        name, role, data = PATH[proposal.state]
        proposal = transition(proposal, name, people[role], comment="Démonstration.", **data)
    return proposal


def seed(context):
    people = context["people"]
    call = seed_call(context["programs"]["PARSIS-CN-2011"])
    proposal = fund(seed_proposal(call, context["organisations"][0], people["applicant"]), people)
    call.refresh_from_db(fields=["opens_at", "closes_at"])
    if call.is_open():
        set_window(call, open_now=False)
    agreement = Agreement.objects.get(proposal=proposal)
    if not agreement.is_signed:
        accountability.record_signature(agreement, people["manager"], signed_on=timezone.localdate())
    first = agreement.tranches.get(order=1)
    if first.state == PaymentTranche.State.PAYABLE:
        accountability.record_tranche_payment(first, people["manager"], paid_on=timezone.localdate(),
                                              reference="VIR-DEMO-0001")
    interim = agreement.reports.filter(kind=Report.Kind.INTERIM).order_by("order").first()
    if interim and interim.state == Report.State.DRAFT and not interim.narrative:
        accountability.save_report(interim, people["applicant"], data={
            "narrative": "Douze familles accompagnées depuis l'ouverture de la halte-répit.",
            "participants_women": 9, "participants_men": 4, "participants_other": 0})
    context["accountability_agreement"] = agreement
