from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accountability.models import Agreement
from grants.demo import CALLS
from grants.models import Call, User
from grants.selectors import open_calls

APPLICANT_EMAIL = "demandeur@demo.concerto.quebec"
TITLE = "Halte-répit pour proches aidants de Sept-Îles"


def test_demo_funds_a_project_through_the_workflow_and_closes_its_call(client, db):
    call_command("seed_demo", stdout=StringIO())
    agreement = Agreement.objects.get(proposal__title=TITLE)
    assert agreement.proposal.state == "funded" and agreement.is_signed
    assert agreement.conditions.startswith("Déposer la liste des partenaires")
    assert list(agreement.tranches.values_list("state", flat=True)) == ["paid", "scheduled", "scheduled"]
    interim = agreement.reports.get(kind="interim")
    assert interim.state == "draft" and interim.narrative
    assert agreement.proposal.transition_logs.filter(transition="approve").count() == 1
    # Its call was open only while the demo filed its projects: applicants are not offered it.
    call = Call.objects.get(slug=CALLS["running"][0])
    assert not call.is_open() and call.closes_at < timezone.now()
    assert call not in list(open_calls())
    client.force_login(User.objects.get(email=APPLICANT_EMAIL))
    offered = {call.slug for call in client.get(reverse("home")).context["open_calls"]}
    # The open call, the shared call's host (not its co-funder's call) and the two-stage call.
    assert offered == {CALLS["open"][0], "appel-conjoint-reussite-educative", "parsis-cn-appel-deux-etapes"}
