from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0009_report_questions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["program", "due_on", "id"], name="report_program_due_idx"),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["organisation", "due_on", "id"], name="report_organisation_due_idx"),
        ),
    ]
