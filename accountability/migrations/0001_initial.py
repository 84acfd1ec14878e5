# The accountability models moved from grants: their tables stay (Meta.db_table), only the state moves.

import django.core.validators
import django.db.models.deletion
import accountability.models.agreement
import accountability.models.report
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('grants', '0004_envelope_reservations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='Agreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount_granted', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='montant accordé ($)')),
                ('starts_on', models.DateField(verbose_name='début du projet')),
                ('ends_on', models.DateField(verbose_name='fin du projet')),
                ('conditions', models.TextField(blank=True, verbose_name='conditions de la décision')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signée le')),
                ('signed_file', models.FileField(blank=True, max_length=300, upload_to=accountability.models.agreement.signed_agreement_path, verbose_name='convention signée')),
                ('signed_file_name', models.CharField(blank=True, max_length=255, verbose_name='nom du fichier signé')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='créée par')),
                ('proposal', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='agreement', to='grants.proposal', verbose_name='demande')),
                ('signature_recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signature consignée par')),
            ],
            options={
                'db_table': 'grants_agreement',
                'verbose_name': "convention d'aide financière",
                'verbose_name_plural': "conventions d'aide financière",
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='PaymentTemplateLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(verbose_name='ordre')),
                ('percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='pourcentage du montant accordé')),
                ('condition', models.CharField(choices=[('at_signature', 'À la signature de la convention'), ('after_interim_report', "Après l'acceptation du rapport d'étape"), ('after_final_report', "Après l'acceptation du rapport final"), ('on_date', 'À date fixe')], max_length=30, verbose_name='condition de versement')),
                ('months_offset', models.PositiveSmallIntegerField(default=0, verbose_name='mois après le début (versement à date fixe)')),
                ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payment_template_lines', to='grants.call', verbose_name='appel')),
            ],
            options={
                'db_table': 'grants_paymenttemplateline',
                'verbose_name': 'versement type',
                'verbose_name_plural': 'versements types',
                'ordering': ['call', 'order'],
            },
        ),
        migrations.CreateModel(
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('interim', "Rapport d'étape"), ('final', 'Rapport final')], max_length=10, verbose_name='type de rapport')),
                ('order', models.PositiveSmallIntegerField(default=1, verbose_name='numéro')),
                ('due_on', models.DateField(verbose_name='échéance')),
                ('state', models.CharField(choices=[('draft', 'À produire'), ('submitted', 'Déposé'), ('accepted', 'Accepté'), ('returned', 'Retourné pour correction')], default='draft', max_length=10, verbose_name='état')),
                ('narrative', models.TextField(blank=True, verbose_name='bilan narratif')),
                ('objectives_progress', models.TextField(blank=True, verbose_name='progression par objectif')),
                ('participants_women', models.PositiveIntegerField(blank=True, null=True, verbose_name='participantes rejointes (femmes)')),
                ('participants_men', models.PositiveIntegerField(blank=True, null=True, verbose_name='participants rejoints (hommes)')),
                ('participants_other', models.PositiveIntegerField(blank=True, null=True, verbose_name='personnes rejointes (autres identités)')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='déposé le')),
                ('review_comment', models.TextField(blank=True, verbose_name="commentaires de l'analyste")),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepté le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='accountability.agreement', verbose_name='convention')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='analysé par')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='déposé par')),
            ],
            options={
                'db_table': 'grants_report',
                'verbose_name': 'rapport',
                'verbose_name_plural': 'rapports',
                'ordering': ['agreement', 'due_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PaymentTranche',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(verbose_name='ordre')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='montant ($)')),
                ('condition', models.CharField(choices=[('at_signature', 'À la signature de la convention'), ('after_interim_report', "Après l'acceptation du rapport d'étape"), ('after_final_report', "Après l'acceptation du rapport final"), ('on_date', 'À date fixe')], max_length=30, verbose_name='condition de versement')),
                ('due_on', models.DateField(verbose_name='date prévue')),
                ('state', models.CharField(choices=[('scheduled', 'Prévu'), ('payable', 'Payable'), ('paid', 'Versé')], default='scheduled', max_length=10, verbose_name='état')),
                ('payable_at', models.DateTimeField(blank=True, null=True, verbose_name='payable depuis')),
                ('paid_on', models.DateField(blank=True, null=True, verbose_name='versé le')),
                ('payment_reference', models.CharField(blank=True, max_length=100, verbose_name='référence du paiement')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tranches', to='accountability.agreement', verbose_name='convention')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='versement consigné par')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tranches', to='accountability.report', verbose_name='rapport exigé')),
            ],
            options={
                'db_table': 'grants_paymenttranche',
                'verbose_name': 'versement',
                'verbose_name_plural': 'versements',
                'ordering': ['agreement', 'order'],
            },
        ),
        migrations.CreateModel(
            name='ReportAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=300, upload_to=accountability.models.report.report_attachment_path, verbose_name='fichier')),
                ('original_name', models.CharField(max_length=255, verbose_name='nom du fichier')),
                ('content_type', models.CharField(max_length=120, verbose_name='type de contenu')),
                ('size', models.PositiveBigIntegerField(verbose_name='taille (octets)')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='déposé le')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='accountability.report')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='déposé par')),
            ],
            options={
                'db_table': 'grants_reportattachment',
                'verbose_name': 'pièce jointe du rapport',
                'verbose_name_plural': 'pièces jointes des rapports',
                'ordering': ['uploaded_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ReportIndicatorResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actual', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='résultat atteint')),
                ('comment', models.TextField(blank=True, verbose_name='commentaire')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='grants.indicator', verbose_name='indicateur')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicator_results', to='accountability.report')),
            ],
            options={
                'db_table': 'grants_reportindicatorresult',
                'verbose_name': "résultat d'indicateur",
                'verbose_name_plural': "résultats d'indicateurs",
                'ordering': ['indicator_id'],
            },
        ),
        migrations.CreateModel(
            name='ReportSpending',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spent', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='montant dépensé ($)')),
                ('budget_line', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spendings', to='grants.budgetline', verbose_name='poste budgétaire')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spendings', to='accountability.report')),
            ],
            options={
                'db_table': 'grants_reportspending',
                'verbose_name': 'dépense déclarée',
                'verbose_name_plural': 'dépenses déclarées',
                'ordering': ['budget_line_id'],
            },
        ),
        migrations.CreateModel(
            name='ReportTemplateLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('interim', "Rapport d'étape"), ('final', 'Rapport final')], max_length=10, verbose_name='type de rapport')),
                ('months_after_start', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="mois après le début (rapport d'étape)")),
                ('days_after_end', models.PositiveSmallIntegerField(default=60, verbose_name='jours après la fin (rapport final)')),
                ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_template_lines', to='grants.call', verbose_name='appel')),
            ],
            options={
                'db_table': 'grants_reporttemplateline',
                'verbose_name': 'rapport type',
                'verbose_name_plural': 'rapports types',
                'ordering': ['call', 'kind', 'months_after_start', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='agreement_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('amount_granted__gte', 0)), name='agreement_amount_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='paymenttemplateline',
            constraint=models.UniqueConstraint(fields=('call', 'order'), name='payment_template_order_unique'),
        ),
        migrations.AddConstraint(
            model_name='paymenttemplateline',
            constraint=models.CheckConstraint(condition=models.Q(('percent__gt', 0), ('percent__lte', 100)), name='payment_template_percent_range'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['due_on', 'state'], name='report_due_state_idx'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(fields=('agreement', 'kind', 'order'), name='report_unique_per_slot'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'final')), fields=('agreement',), name='report_one_final_per_agreement'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'accepted'), _negated=True), ('accepted_at__isnull', False), _connector='OR'), name='report_accepted_has_date'),
        ),
        migrations.AddIndex(
            model_name='paymenttranche',
            index=models.Index(fields=['due_on', 'state'], name='tranche_due_state_idx'),
        ),
        migrations.AddConstraint(
            model_name='paymenttranche',
            constraint=models.UniqueConstraint(fields=('agreement', 'order'), name='tranche_order_unique'),
        ),
        migrations.AddConstraint(
            model_name='paymenttranche',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='tranche_amount_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='paymenttranche',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'paid'), _negated=True), ('paid_on__isnull', False), _connector='OR'), name='tranche_paid_has_date'),
        ),
        migrations.AddConstraint(
            model_name='reportindicatorresult',
            constraint=models.UniqueConstraint(fields=('report', 'indicator'), name='report_indicator_unique'),
        ),
        migrations.AddConstraint(
            model_name='reportspending',
            constraint=models.UniqueConstraint(fields=('report', 'budget_line'), name='report_spending_unique'),
        ),
        migrations.AddConstraint(
            model_name='reportspending',
            constraint=models.CheckConstraint(condition=models.Q(('spent__gte', 0)), name='report_spending_non_negative'),
        ),
        ]),
    ]
