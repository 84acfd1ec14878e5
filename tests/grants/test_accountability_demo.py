from io import StringIO

from django.core.management import call_command

from grants.accountability_demo import TITLE
from grants.models import Agreement


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
