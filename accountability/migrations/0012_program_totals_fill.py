"""Each program's results added up from the data already there (accountability.totals.rebuild computes the same
in SQL; `manage.py rebuild_program_results` recomputes them at any time)."""

from django.db import migrations
from django.db.models import Count, F, FilteredRelation, Min, Q, Sum
from django.db.models.functions import Coalesce, Lower, Trim

WHO = ("women", "men", "other")


def reached(prefix=""):
    return {**{who: Sum(Coalesce(f"{prefix}reached_{who}", 0)) for who in WHO}, "projects": Count("pk")}


def fill(apps, schema_editor):
    Agreement = apps.get_model("accountability", "Agreement")
    Indicator = apps.get_model("grants", "Indicator")
    Mrcs = apps.get_model("grants", "Proposal").mrcs.through
    program = F("proposal__call__program")
    reporting = Agreement.objects.filter(latest_report__isnull=False).order_by()
    ByAxis = apps.get_model("accountability", "ReachedByAxis")
    ByAxis.objects.bulk_create(
        (ByAxis(program_id=row.pop("in_program"), axis_key=row.pop("axis") or 0, **row) for row in
         reporting.values(in_program=program, axis=F("proposal__primary_axis")).annotate(**reached())),
        batch_size=1000)
    ByMrc = apps.get_model("accountability", "ReachedByMrc")
    ByMrc.objects.bulk_create(
        (ByMrc(program_id=row.pop("in_program"), mrc_id=row.pop("in_mrc"), **row) for row in
         Mrcs.objects.filter(proposal__agreement__latest_report__isnull=False).order_by()
         .values(in_program=program, in_mrc=F("territory")).annotate(**reached("proposal__agreement__"))),
        batch_size=1000)
    Total = apps.get_model("accountability", "IndicatorTotal")
    indicators = Indicator.objects.filter(proposal__agreement__isnull=False).order_by().alias(
        latest=FilteredRelation("results", condition=Q(results__is_latest=True)))
    Total.objects.bulk_create(
        (Total(program_id=row["in_program"], label_key=row["key"], unit_key=row["unit_key"], label=row["first"],
               unit=row["first_unit"], target=row["targets"], actual=row["actuals"] or 0, projects=row["count"])
         for row in indicators.values(in_program=program, key=Lower(Trim("label")), unit_key=Lower(Trim("unit")))
         .annotate(first=Min(Trim("label")), first_unit=Min(Trim("unit")), targets=Sum("target"),
                   actuals=Sum("latest__actual"), count=Count("pk"))),
        batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0011_program_totals'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
