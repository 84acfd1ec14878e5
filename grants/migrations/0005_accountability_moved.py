# Agreements, tranches and reports moved to the accountability app; their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0004_envelope_reservations'),
        ('accountability', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='ReportAttachment'),
            migrations.DeleteModel(name='ReportIndicatorResult'),
            migrations.DeleteModel(name='ReportSpending'),
            migrations.DeleteModel(name='PaymentTranche'),
            migrations.DeleteModel(name='Report'),
            migrations.DeleteModel(name='Agreement'),
            migrations.DeleteModel(name='PaymentTemplateLine'),
            migrations.DeleteModel(name='ReportTemplateLine'),
        ]),
    ]
