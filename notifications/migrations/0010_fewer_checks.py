"""The in-app copy's keys (written with its message, from the message's checked row) and the message's program
(a copy of a checked key) are no longer checked by the database for every row a reminder scan writes; Django
still cascades and empties them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0018_portal_public_index'),
        ('notifications', '0009_two_stage_calls'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='user',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='destinataire'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='message',
            field=models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='notification', to='notifications.outboxmessage', verbose_name='message'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='program',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='grants.program', verbose_name='programme'),
        ),
    ]
