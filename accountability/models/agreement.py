"""The convention d'aide financière, its payment tranches and the call-level templates behind them."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from .report import ReportKind

MONEY = {"max_digits": 12, "decimal_places": 2}


class PaymentCondition(models.TextChoices):
    AT_SIGNATURE = "at_signature", _("À la signature de la convention")
    AFTER_INTERIM_REPORT = "after_interim_report", _("Après l'acceptation du rapport d'étape")
    AFTER_FINAL_REPORT = "after_final_report", _("Après l'acceptation du rapport final")
    ON_DATE = "on_date", _("À date fixe")


class PaymentTemplateLine(models.Model):
    """One versement of a call's payment template; percents of a call sum to 100."""

    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE,
                             related_name="payment_template_lines")
    order = models.PositiveSmallIntegerField(_("ordre"))
    percent = models.DecimalField(_("pourcentage du montant accordé"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])
    condition = models.CharField(_("condition de versement"), max_length=30, choices=PaymentCondition.choices)
    months_offset = models.PositiveSmallIntegerField(
        _("mois après le début (versement à date fixe)"), default=0)

    class Meta:
        db_table = "grants_paymenttemplateline"  # moved from grants: the data stays where it is
        verbose_name = _("versement type")
        verbose_name_plural = _("versements types")
        ordering = ["call", "order"]
        constraints = [
            models.UniqueConstraint(fields=["call", "order"], name="payment_template_order_unique"),
            models.CheckConstraint(condition=models.Q(percent__gt=0) & models.Q(percent__lte=100),
                                   name="payment_template_percent_range"),
        ]

    def __str__(self):
        return f"{self.percent} % — {self.get_condition_display()}"


class ReportTemplateLine(models.Model):
    """One report of a call's reporting schedule, due relative to the agreement's dates."""

    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE,
                             related_name="report_template_lines")
    kind = models.CharField(_("type de rapport"), max_length=10, choices=ReportKind.choices)
    # Interim reports: months after the start; empty means mid-term.
    months_after_start = models.PositiveSmallIntegerField(_("mois après le début (rapport d'étape)"),
                                                          null=True, blank=True)
    # Final report: days after the end.
    days_after_end = models.PositiveSmallIntegerField(_("jours après la fin (rapport final)"), default=60)

    class Meta:
        db_table = "grants_reporttemplateline"  # moved from grants: the data stays where it is
        verbose_name = _("rapport type")
        verbose_name_plural = _("rapports types")
        ordering = ["call", "kind", "months_after_start", "id"]

    def __str__(self):
        return self.get_kind_display()


def signed_agreement_path(instance, filename):
    # Generated name only: never trust the uploaded file name as a path.
    return f"agreements/{instance.proposal_id}/{uuid.uuid4().hex}"


class Agreement(models.Model):
    proposal = models.OneToOneField("grants.Proposal", verbose_name=_("demande"), on_delete=models.PROTECT,
                                    related_name="agreement")
    # The proposal's organisation, program and call, copied as on reports: each list of agreements (a person's
    # organisations', a program's, a call's) reads its own index, newest first, instead of walking every
    # agreement of the program to meet the few of a call (0.29 s for a call without any at 48,000).
    organisation = models.ForeignKey("grants.Organisation", verbose_name=_("organisme"), on_delete=models.PROTECT,
                                     related_name="+", editable=False, db_index=False)
    program = models.ForeignKey("grants.Program", verbose_name=_("programme"), on_delete=models.PROTECT,
                                related_name="+", editable=False, db_index=False)
    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.PROTECT, related_name="+",
                             editable=False, db_index=False)
    amount_granted = models.DecimalField(_("montant accordé ($)"), **MONEY)
    starts_on = models.DateField(_("début du projet"))
    ends_on = models.DateField(_("fin du projet"))
    conditions = models.TextField(_("conditions de la décision"), blank=True)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    signed_file = models.FileField(_("convention signée"), upload_to=signed_agreement_path, max_length=300,
                                   blank=True)
    signed_file_name = models.CharField(_("nom du fichier signé"), max_length=255, blank=True)
    signature_recorded_by = models.ForeignKey("grants.User", verbose_name=_("signature consignée par"),
                                              null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey("grants.User", verbose_name=_("créée par"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # The latest accepted report (by due date, then id) and the people it says were reached, kept by
    # accountability.latest: the results page reads one row per project, never the reports.
    latest_report = models.ForeignKey("accountability.Report", verbose_name=_("dernier rapport accepté"), null=True,
                                      blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    reached_women = models.PositiveIntegerField(_("femmes rejointes (dernier rapport accepté)"), null=True,
                                                blank=True, editable=False)
    reached_men = models.PositiveIntegerField(_("hommes rejoints (dernier rapport accepté)"), null=True, blank=True,
                                              editable=False)
    reached_other = models.PositiveIntegerField(_("autres identités rejointes (dernier rapport accepté)"), null=True,
                                                blank=True, editable=False)

    class Meta:
        db_table = "grants_agreement"  # moved from grants: the data stays where it is
        verbose_name = _("convention d'aide financière")
        verbose_name_plural = _("conventions d'aide financière")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="agreement_ends_after_start"),
            models.CheckConstraint(condition=models.Q(amount_granted__gte=0),
                                   name="agreement_amount_non_negative"),
        ]
        # The API's list, newest first (accountability.api.views.AgreementViewSet.ordering): its cursor pages.
        indexes = [models.Index(fields=["created_at", "id"], name="agreement_created_idx"),
                   models.Index(fields=["organisation", "created_at", "id"], name="agreement_organisation_idx"),
                   models.Index(fields=["program", "created_at", "id"], name="agreement_program_idx"),
                   models.Index(fields=["call", "created_at", "id"], name="agreement_call_idx")]

    def __str__(self):
        return _("Convention — %(title)s") % {"title": self.proposal.title}

    def save(self, *args, **kwargs):
        # Bulk inserts give the copies; an agreement saved alone takes them from its proposal.
        if self.organisation_id is None or self.program_id is None or self.call_id is None:
            proposal = self.proposal
            self.organisation_id, self.program_id = proposal.organisation_id, proposal.program_id
            self.call_id = proposal.call_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreement_detail", args=[self.pk])

    @property
    def is_signed(self):
        return self.signed_on is not None


class PaymentTranche(FSMModelMixin, models.Model):
    """A versement. Its state changes only through these transitions, called by accountability.services,
    which logs each one (core.activity)."""

    Condition = PaymentCondition

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Prévu")
        PAYABLE = "payable", _("Payable")
        PAID = "paid", _("Versé")
        CANCELLED = "cancelled", _("Annulé")

    agreement = models.ForeignKey(Agreement, verbose_name=_("convention"), on_delete=models.CASCADE,
                                  related_name="tranches")
    order = models.PositiveSmallIntegerField(_("ordre"))
    amount = models.DecimalField(_("montant ($)"), **MONEY)
    condition = models.CharField(_("condition de versement"), max_length=30, choices=PaymentCondition.choices)
    due_on = models.DateField(_("date prévue"))
    # The report whose acceptance releases this tranche, if any.
    report = models.ForeignKey("accountability.Report", verbose_name=_("rapport exigé"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="tranches")
    state = FSMField(_("état"), max_length=10, choices=State.choices, default=State.SCHEDULED, protected=True)
    payable_at = models.DateTimeField(_("payable depuis"), null=True, blank=True)
    paid_on = models.DateField(_("versé le"), null=True, blank=True)
    payment_reference = models.CharField(_("référence du paiement"), max_length=100, blank=True)
    recorded_by = models.ForeignKey("grants.User", verbose_name=_("versement consigné par"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "grants_paymenttranche"  # moved from grants: the data stays where it is
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        ordering = ["agreement", "order"]
        indexes = [models.Index(fields=["due_on", "state"], name="tranche_due_state_idx")]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "order"], name="tranche_order_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="tranche_amount_non_negative"),
            models.CheckConstraint(condition=~models.Q(state="paid") | models.Q(paid_on__isnull=False),
                                   name="tranche_paid_has_date"),
        ]

    def __str__(self):
        return _("Versement %(order)s") % {"order": self.order}

    def get_absolute_url(self):
        return reverse("agreement_detail", args=[self.agreement_id]) + f"#tranche-{self.pk}"

    @transition(field=state, source=State.SCHEDULED, target=State.PAYABLE)
    def release(self):
        self.payable_at = timezone.now()

    @transition(field=state, source=State.PAYABLE, target=State.PAID)
    def pay(self, actor, paid_on, reference):
        self.paid_on, self.payment_reference, self.recorded_by = paid_on, reference, actor

    @transition(field=state, source=[State.SCHEDULED, State.PAYABLE], target=State.CANCELLED)
    def cancel(self):
        pass  # The reason is the comment of the activity log.

    @property
    def is_settled(self):
        return self.state in (self.State.PAID, self.State.CANCELLED)
