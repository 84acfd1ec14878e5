"""Fill Proposal.assigned_analyst and its name from the log: whoever started each proposal's analysis last."""

from django.db import migrations
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf


def assign_from_log(apps, schema_editor):
    Proposal = apps.get_model("grants", "Proposal")
    TransitionLog = apps.get_model("workflow", "TransitionLog")
    User = apps.get_model("grants", "User")
    started = TransitionLog.objects.filter(proposal_id=OuterRef("pk"), transition="start_analysis")
    Proposal.objects.filter(Exists(started)).update(
        assigned_analyst_id=Subquery(started.order_by("-created_at", "-id").values("actor_id")[:1]))
    # User.get_full_name(): the name, or the address when no name was given.
    name = Coalesce(NullIf("full_name", Value("")), "email", output_field=CharField())
    Proposal.objects.filter(assigned_analyst__isnull=False).update(assigned_analyst_name=Subquery(
        User.objects.filter(pk=OuterRef("assigned_analyst_id")).values(name=name)[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0009_scale_indexes"),
        ("workflow", "0005_reference_counters"),
    ]

    operations = [migrations.RunPython(assign_from_log, migrations.RunPython.noop)]
