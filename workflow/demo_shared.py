"""Demo step: one application to the shared call of the PARSIS and Réunir Réussir (grants.demo_shared).

The organisation files once, asking each funder its share; Réunir Réussir's committee has already granted
its part, which the PARSIS analyst sees as confirmed co-funding while the PARSIS file is under analysis.
Idempotent, as the rest of the story: each step looks at where the files stand.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accountability import services as accountability
from accountability.models import Agreement
from grants import demo_proposals as applications
from grants.models import Proposal
from grants.services.proposals import save_step
from grants.states import State

from . import services

TITLE = "Éveil à la lecture des tout-petits de Sept-Îles"
SHARES = {"shared": Decimal("25000"), "shared_co_funder": Decimal("20000")}
GRANTED = Decimal("18000")


def seed(context):
    people, calls = context["people"], context["calls"]
    applicant, organisation = people["applicant"], context["organisations"][0]
    host, guest = calls["shared"], calls["shared_co_funder"]
    # The application itself, not the co-funder's file of the same title.
    application = Proposal.objects.filter(title=TITLE, organisation=organisation, application=None).first()
    if application is None:
        today = timezone.localdate()
        application = applications.draft(host, organisation, applicant, applications.Application(
            TITLE, "Des heures du conte et des trousses de lecture pour les familles de Sept-Îles.",
            sum(SHARES.values()), starts_on=today + timedelta(days=120), ends_on=today + timedelta(days=485), axis=1))
        application = save_step(application, applicant, version=application.version,
                                funders={calls[key].pk: amount for key, amount in SHARES.items()},
                                funder_axes={guest.pk: guest.program.axes.get(code="RR-2").pk})
    if application.state == State.DRAFT:
        applications.attach_required(application, applicant)
        application = services.transition(application, "submit", applicant)
    guest_file = Proposal.objects.get(application=application, call=guest)
    for file in (application, guest_file):
        if file.state == State.SUBMITTED:
            services.transition(file, "start_analysis", people["analyst"])
    guest_file.refresh_from_db()
    if guest_file.state == State.UNDER_ANALYSIS:
        guest_file = services.transition(guest_file, "recommend", people["analyst"], suggested_amount=GRANTED)
    if guest_file.state == State.RECOMMENDED:
        services.transition(guest_file, "approve", people["board"], amount_granted=GRANTED,
                            resolution_number=f"RR-{timezone.localdate().year}-007", decided_on=timezone.localdate())
    agreement = Agreement.objects.get(proposal=guest_file)
    if not agreement.is_signed:
        accountability.record_signature(agreement, people["manager"], signed_on=timezone.localdate())
    context["proposals"][TITLE] = application
