import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('from_state', models.CharField(blank=True, max_length=40, verbose_name='état de départ')),
                ('to_state', models.CharField(blank=True, max_length=40, verbose_name='nouvel état')),
                ('comment', models.TextField(blank=True, verbose_name='commentaire')),
                ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='données')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='personne')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': "entrée du journal",
                'verbose_name_plural': "journal d'activité",
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['content_type', 'object_id', 'created_at'], name='activity_by_object')],
            },
        ),
    ]
