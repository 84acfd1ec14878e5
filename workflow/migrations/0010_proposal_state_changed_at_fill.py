"""Each proposal's state_changed_at (grants 0029): its latest transition's log, else its creation."""

from django.db import migrations

FILL = """
UPDATE grants_proposal SET state_changed_at = COALESCE(
    (SELECT MAX(log.created_at) FROM workflow_transitionlog log WHERE log.proposal_id = grants_proposal.id),
    created_at)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("workflow", "0009_proposal_awarded_on_fill"),
        ("grants", "0029_proposal_state_changed_at"),
    ]

    operations = [migrations.RunSQL(FILL, migrations.RunSQL.noop)]
