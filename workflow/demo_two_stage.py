"""Demo step: a two-stage call of the Côte-Nord plan, its letters of intent filed, shortlisted and declined.

The call takes letters of intent now (closes_at) and the shortlisted organisations' full proposals until
full_proposal_closes_at. One letter awaits the analyst, one was shortlisted (its organisation now completes
the full proposal, pre-filled), one was declined with its reason. Idempotent, as the rest of the story.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants import demo_proposals as applications
from grants.models import Call
from grants.states import State

from . import services

SLUG = "parsis-cn-appel-deux-etapes"
# (title, summary, demo applicant, amount, where it stands, the analyst's message)
LETTERS = (
    ("Marché solidaire de Fermont", "Un marché de fruits et légumes à prix réduit, une fois par semaine.",
     "applicant2", Decimal("40000"), State.INTENT_SUBMITTED, ""),
    ("Cuisine communautaire de Havre-Saint-Pierre", "Une cuisine ouverte aux familles pour cuisiner ensemble.",
     "applicant", Decimal("65000"), State.SHORTLISTED,
     "Lettre retenue : détaillez les partenariats avec les écoles dans la demande complète."),
    ("Club de marche pour aînés de Baie-Comeau", "Des marches accompagnées pour briser l'isolement.",
     "applicant2", Decimal("15000"), State.INTENT_DECLINED,
     "Le projet relève davantage du programme régional de santé publique que du PARSIS."),
)


def seed_call(program):
    """Created once: letters of intent for 30 more days, full proposals 45 days after that."""
    now = timezone.now()
    call, _created = Call.objects.get_or_create(slug=SLUG, defaults={
        "program": program, "title": f"PARSIS Côte-Nord — appel en deux étapes {timezone.localdate().year}",
        "opens_at": now - timedelta(days=15), "closes_at": now + timedelta(days=30), "max_amount": Decimal("80000"),
        "two_stage": True, "full_proposal_closes_at": now + timedelta(days=75),
        "instructions": "Déposez d'abord une lettre d'intention ; les organismes retenus seront invités à "
                        "remplir la demande complète."})
    return call


def seed(context):
    people = context["people"]
    call = seed_call(context["calls"]["open"].program)
    members = {"applicant": context["organisations"][0], "applicant2": context["organisations"][1]}
    today = timezone.localdate()
    for index, (title, summary, who, amount, target, message) in enumerate(LETTERS):
        applicant = people[who]
        proposal = applications.find(title, members[who]) or applications.draft(
            call, members[who], applicant, applications.Application(
                title, summary, amount, starts_on=today + timedelta(days=150), ends_on=today + timedelta(days=515),
                axis=index % 3))
        if proposal.state == State.DRAFT and call.is_open():
            proposal = services.transition(proposal, "submit_intent", applicant)
        if proposal.state == State.INTENT_SUBMITTED and target == State.SHORTLISTED:
            proposal = services.transition(proposal, "shortlist", people["analyst"], comment=message)
        elif proposal.state == State.INTENT_SUBMITTED and target == State.INTENT_DECLINED:
            proposal = services.transition(proposal, "decline_intent", people["analyst"], comment=message)
        context["proposals"][title] = proposal
