"""Fill grants.Proposal.awarded_on (added by grants 0025) as workflow.award_dates computes it."""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate


def fill(apps, schema_editor):
    Proposal = apps.get_model("grants", "Proposal")
    Decision = apps.get_model("scoring", "Decision")
    Agreement = apps.get_model("accountability", "Agreement")
    decided = Decision.objects.filter(proposal_id=OuterRef("pk"), outcome="approved").values(
        on=Coalesce("decided_on", "meeting__date", TruncDate("recorded_at")))[:1]
    agreed = Agreement.objects.filter(proposal_id=OuterRef("pk")).values(on=TruncDate("created_at"))[:1]
    # Only proposals with either row: every other keeps its empty date without being rewritten.
    has_rows = Q(pk__in=Decision.objects.values("proposal_id")) | Q(pk__in=Agreement.objects.values("proposal_id"))
    Proposal.objects.filter(has_rows).update(awarded_on=Coalesce(Subquery(decided), Subquery(agreed)))


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0008_two_stage_calls"),
        ("grants", "0025_proposal_awarded_on"),
        ("scoring", "0008_review_figures"),
        ("accountability", "0012_program_totals_fill"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
