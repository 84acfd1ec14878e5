from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accountability.models import Agreement
from grants.models import Call, Proposal, User
from grants.selectors import open_calls
from workflow.demo_accountability import CALL_SLUG, TITLE

APPLICANT_EMAIL = "demandeur@demo.concerto.quebec"


def test_demo_funds_a_project_through_the_workflow_idempotently(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # a second run changes nothing
    agreement = Agreement.objects.get(proposal__title=TITLE)
    assert agreement.proposal.state == "funded" and agreement.is_signed
    assert agreement.conditions.startswith("Déposer la liste des partenaires")
    assert list(agreement.tranches.values_list("state", flat=True)) == ["paid", "scheduled", "scheduled"]
    interim = agreement.reports.get(kind="interim")
    assert interim.state == "draft" and interim.narrative
    assert agreement.proposal.transition_logs.filter(transition="approve").count() == 1


def test_demo_call_is_closed_once_its_project_is_funded_and_reseeding_works(db):
    call_command("seed_demo", stdout=StringIO())
    call = Call.objects.get(slug=CALL_SLUG)
    assert not call.is_open() and call.closes_at < timezone.now()
    assert call not in list(open_calls())
    closes_at = call.closes_at
    call_command("seed_demo", stdout=StringIO())  # the closed call does not stop a second run
    call.refresh_from_db()
    assert call.closes_at == closes_at and call not in list(open_calls())
    assert Proposal.objects.filter(title=TITLE).count() == 1


def test_demo_call_is_not_offered_on_the_applicant_dashboard(client, db):
    call_command("seed_demo", stdout=StringIO())
    client.force_login(User.objects.get(email=APPLICANT_EMAIL))
    response = client.get(reverse("home"))
    offered = [call.slug for call in response.context["open_calls"]]
    assert offered and CALL_SLUG not in offered
