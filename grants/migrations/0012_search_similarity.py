"""Similar projects and overlap marks; on PostgreSQL, French full-text search of proposals.

The search vector is a stored generated column outside the models' state (like migration 0009's trigram
indexes; SQLite has no tsvector): PostgreSQL keeps it up to date on every insert and update, weighted title
(A) > objectives and summaries (B) > the other sections (C), under the `concerto_french` configuration
(french stemming after unaccent: "equipe" finds "équipe", "familles" finds "famille"), with a GIN index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

WEIGHTED = {
    "A": ("title",),
    "B": ("objectives", "public_summary", "expected_results"),
    "C": ("mission", "problem_statement", "target_population", "territory_details", "concerns", "complementarity",
          "gender_impact"),
}


def _vector():
    def part(columns):
        return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)

    return " || ".join(f"setweight(to_tsvector('concerto_french'::regconfig, {part(columns)}), '{weight}')"
                       for weight, columns in WEIGHTED.items())


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS concerto_french")
    schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION concerto_french (COPY = french)")
    schema_editor.execute("ALTER TEXT SEARCH CONFIGURATION concerto_french ALTER MAPPING FOR hword, hword_part, "
                          "word WITH unaccent, french_stem")
    schema_editor.execute(f"ALTER TABLE grants_proposal ADD COLUMN search_vector tsvector "
                          f"GENERATED ALWAYS AS ({_vector()}) STORED")
    schema_editor.execute("CREATE INDEX proposal_search_vector_idx ON grants_proposal USING gin (search_vector)")
    # Partners' names, for the search's typos (organisations' names have theirs since 0009).
    schema_editor.execute("CREATE INDEX partner_name_search_idx ON grants_partner USING gin "
                          "(UPPER(name::text) gin_trgm_ops)")


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS partner_name_search_idx")
    schema_editor.execute("ALTER TABLE grants_proposal DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS concerto_french")


SWEEP = "Projets semblables : calcul de ceux qui manquent"


def create_sweep_schedule(apps, schema_editor):
    # Every 15 minutes: proposals submitted while the broker was down, or before this migration.
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    if not periodic_task.objects.filter(name=SWEEP).exists():
        every, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
            every=15, period="minutes")
        periodic_task.objects.create(name=SWEEP, task="grants.sweep_similarities", interval=every)


def remove_sweep_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0011_commitments_index'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='OverlapMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('not_overlap', 'Pas un chevauchement'), ('complementary', 'Complémentaires')], max_length=20, verbose_name='jugement')),
                ('reason', models.TextField(verbose_name='motif')),
                ('at', models.DateTimeField(verbose_name='le')),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='par')),
                ('first', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='grants.proposal')),
                ('second', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='grants.proposal')),
            ],
            options={
                'verbose_name': 'jugement de chevauchement',
                'verbose_name_plural': 'jugements de chevauchement',
                'constraints': [models.UniqueConstraint(fields=('first', 'second'), name='overlap_mark_pair_once'), models.CheckConstraint(condition=models.Q(('first__lt', models.F('second'))), name='overlap_mark_ordered')],
            },
        ),
        migrations.CreateModel(
            name='ProposalSimilarity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField(verbose_name='score')),
                ('signals', models.JSONField(default=dict, verbose_name='signaux')),
                ('computed_at', models.DateTimeField(verbose_name='calculé le')),
                ('other', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='grants.proposal')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='similarities', to='grants.proposal')),
            ],
            options={
                'verbose_name': 'projet semblable',
                'verbose_name_plural': 'projets semblables',
                'indexes': [models.Index(fields=['proposal', '-score'], name='similarity_ranked_idx')],
                'constraints': [models.UniqueConstraint(fields=('proposal', 'other'), name='similarity_pair_once')],
            },
        ),
        migrations.RunPython(create_search, drop_search),
        migrations.RunPython(create_sweep_schedule, remove_sweep_schedule),
    ]
