"""Marks each agreement's latest accepted report and each indicator's latest filled-in result for the
reports accepted before migration 0007 (a migration of its own: PostgreSQL creates 0007's indexes at its end,
which it refuses after rows were updated in the same transaction)."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber


def mark_latest(apps, schema_editor):
    # accountability.latest.rebuild, with the models as they are at this migration.
    Agreement = apps.get_model("accountability", "Agreement")
    Report = apps.get_model("accountability", "Report")
    Result = apps.get_model("accountability", "ReportIndicatorResult")
    newest_report = (Report.objects.filter(agreement=OuterRef("pk"), state="accepted")
                     .order_by("-due_on", "-id").values("pk")[:1])
    Agreement.objects.update(latest_report=Subquery(newest_report))
    Agreement.objects.update(**{
        f"reached_{who}": Subquery(Report.objects.filter(pk=OuterRef("latest_report_id")).order_by()
                                   .values(f"participants_{who}")) for who in ("women", "men", "other")})
    newest_first = Window(RowNumber(), partition_by=F("indicator_id"),
                          order_by=[F("report__due_on").desc(), F("report_id").desc()])
    newest = (Result.objects.filter(report__state="accepted", actual__isnull=False)
              .annotate(newness=newest_first).filter(newness=1).values("pk"))
    Result.objects.filter(pk__in=newest).update(is_latest=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0007_latest_accepted'),
    ]

    operations = [
        migrations.RunPython(mark_latest, migrations.RunPython.noop),
    ]
