"""Sign-in now requires a verified address (django-allauth). Every account made before it came from an
invitation link, the operator or the demo: its address is recorded as verified, so nobody is locked out."""

from django.db import migrations


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model("grants", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=user_id, email=email, verified=True, primary=True)
         for user_id, email in User.objects.values_list("id", "email") if user_id not in known],
        batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0005_accountability_moved"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop)]
