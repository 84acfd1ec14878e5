"""The two-stage call's notices through the real outbox: the invitation tells the full proposal's deadline, the
refusal its reason, in the recipient's language."""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from notifications.models import OutboxMessage
from notifications.tasks import send_message
from tests import factories
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox_calls():
    """The real outbox here (the package's conftest replaces it with a recorder)."""


def filed_letter(world):
    closes = timezone.now() + timedelta(days=20)
    call = factories.CallFactory(program=world.program, closes_at=closes, two_stage=True,
                                 full_proposal_closes_at=closes + timedelta(days=30))
    proposal = factories.ProposalFactory(call=call, organisation=world.organisation, title="Cuisine du quartier")
    proposal.mrcs.add(factories.MrcFactory(parent=world.program.region))
    factories.BudgetLineFactory(proposal=proposal)
    return services.transition(proposal, "submit_intent", world.applicant)


def sent(kind, email):
    message = OutboxMessage.objects.get(kind=kind, to_email=email)
    send_message(message.pk)
    message.refresh_from_db()
    return message


def test_the_letter_is_acknowledged_and_the_invitation_tells_the_deadline(world, outbox_calls):
    proposal = filed_letter(world)
    assert sent("proposal_submit_intent", "applicant@example.org").subject == (
        "Lettre d'intention reçue : Cuisine du quartier")
    assert OutboxMessage.objects.filter(kind="proposal_submit_intent", to_email="analyst@example.org").exists()
    services.transition(proposal, "shortlist", world.analyst, comment="Précisez les partenaires.")
    invitation = sent("proposal_shortlist", "applicant@example.org")
    deadline = formats.date_format(timezone.localtime(proposal.call.full_proposal_closes_at), "DATETIME_FORMAT")
    assert invitation.subject == "Invitation à déposer la demande complète : Cuisine du quartier"
    assert f"au plus tard le {deadline}" in invitation.body_text and "Précisez les partenaires." in invitation.body_text


def test_the_declined_letter_tells_the_reason_in_english_too(world, outbox_calls):
    world.applicant.language = "en"
    world.applicant.save()
    proposal = filed_letter(world)
    services.transition(proposal, "decline_intent", world.analyst, comment="Hors des axes du plan.")
    refusal = sent("proposal_decline_intent", "applicant@example.org")
    assert refusal.subject == "Letter of intent not retained: Cuisine du quartier"
    assert "Hors des axes du plan." in refusal.body_text
