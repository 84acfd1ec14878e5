"""Proposals keep a copy of their call's program and who started their analysis, and get the indexes of the
staff queue's keyset pages (one per sort within a program), of its search and of the applicant dashboard;
organisations an index in name order."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

NOT_DRAFT = ~models.Q(state="draft")
QUEUE_SORTS = {"reference": "ref", "title": "title", "requested_amount": "amount", "state": "state",
               "submitted_at": "submitted", "assigned_analyst_name": "analyst"}


# The staff queue's search (a part of a title, a number or an organisation's name): trigram indexes on
# PostgreSQL, outside the models' state (SQLite has no such index; it reads its small tables).
SEARCH_INDEXES = (("proposal_title_search_idx", "grants_proposal", "title"),
                  ("proposal_reference_search_idx", "grants_proposal", "reference"),
                  ("organisation_name_search_idx", "grants_organisation", "legal_name"))


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in SEARCH_INDEXES:
        # The expression Django's icontains compares: UPPER(column::text) LIKE UPPER('%…%').
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _table, _column in SEARCH_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def copy_programs(apps, schema_editor):
    Proposal = apps.get_model("grants", "Proposal")
    Call = apps.get_model("grants", "Call")
    Proposal.objects.update(program_id=Subquery(Call.objects.filter(pk=OuterRef("call_id")).values("program_id")[:1]))
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: the column is altered next, in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0008_proposal_publication"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="program",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="grants.program", verbose_name="programme"),
        ),
        migrations.RunPython(copy_programs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="proposal",
            name="program",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="grants.program", verbose_name="programme"),
        ),
        migrations.AddField(
            model_name="proposal",
            name="assigned_analyst",
            field=models.ForeignKey(blank=True, editable=False, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="analyste assigné"),
        ),
        migrations.AddField(
            model_name="proposal",
            name="assigned_analyst_name",
            field=models.CharField(blank=True, editable=False, max_length=254, null=True,
                                   verbose_name="nom de l'analyste assigné"),
        ),
        *(migrations.AddIndex(
            model_name="proposal",
            index=models.Index(condition=NOT_DRAFT, fields=["program", field, "id"], name=f"proposal_queue_{short}_idx"),
        ) for field, short in QUEUE_SORTS.items()),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["organisation", "updated_at", "id"], name="proposal_org_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["legal_name", "id"], name="organisation_name_idx"),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
