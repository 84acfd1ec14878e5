"""Writes of the accountability cycle: signature, payments, reports. Views and admin call only these.

Each function takes the acting user, runs in one transaction, locks the row it changes, checks the
permission on the locked row, refuses illegal states with a French message (AccountabilityRefused) and
queues its notifications through notifications.outbox inside the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.outbox import queue

from ..accountability_permissions import allowed
from ..models import (
    Agreement,
    PaymentCondition,
    PaymentTranche,
    Report,
    ReportAttachment,
    ReportIndicatorResult,
    ReportSpending,
    User,
)
from ..uploads import check_upload

Tranche = PaymentTranche.State
REPORT_FIELDS = ("narrative", "objectives_progress", "participants_women", "participants_men",
                 "participants_other")


class AccountabilityRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _require(user, permission, obj):
    if not allowed(user, permission, obj):
        raise PermissionDenied(_("Cette action ne vous est pas permise."))


def _lock(model, pk):
    related = "proposal__call" if model is Agreement else "agreement__proposal__call"
    return model.objects.select_for_update(of=("self",)).select_related(related).get(pk=pk)


def _members(agreement):
    return list(User.objects.filter(memberships__organisation_id=agreement.proposal.organisation_id,
                                    is_active=True))


def _managers(agreement):
    return list(User.objects.filter(program_roles__program_id=agreement.proposal.call.program_id,
                                    program_roles__role="manager", is_active=True).distinct())


def _release(tranches, agreement):
    """Scheduled → payable, once the agreement is signed; queues one tranche_payable per tranche."""
    now = timezone.now()
    for tranche in tranches:
        if tranche.state != Tranche.SCHEDULED or not agreement.is_signed:
            continue
        tranche.state, tranche.payable_at = Tranche.PAYABLE, now
        tranche.save(update_fields=["state", "payable_at"])
        # The outbox reads the amount, number and due date from the tranche itself.
        queue(kind="tranche_payable", recipients=_managers(agreement), obj=tranche)


def _checked_upload(uploaded):
    try:
        return check_upload(uploaded)
    except ValidationError as error:
        raise AccountabilityRefused(error.messages[0]) from error


def _not_in_future(day, label):
    if day is None:
        raise AccountabilityRefused(_("La date %(label)s est requise.") % {"label": label})
    if day > timezone.localdate():
        raise AccountabilityRefused(_("La date %(label)s ne peut pas être dans le futur.") % {"label": label})


@transaction.atomic
def record_signature(agreement, actor, *, signed_on, signed_file=None):
    """Staff record the signed date (and signed copy): the "at signature" tranches become payable."""
    agreement = _lock(Agreement, agreement.pk)
    _require(actor, "grants.record_agreement_signature", agreement)
    if agreement.is_signed:
        raise AccountabilityRefused(_("La signature de cette convention est déjà consignée."))
    _not_in_future(signed_on, _("de signature"))
    if signed_on < timezone.localdate(agreement.created_at):
        raise AccountabilityRefused(_("La convention ne peut pas être signée avant sa création."))
    agreement.signed_on, agreement.signature_recorded_by = signed_on, actor
    fields = ["signed_on", "signature_recorded_by"]
    if signed_file is not None:
        checked = _checked_upload(signed_file)
        agreement.signed_file_name = checked.original_name
        agreement.signed_file.save(checked.original_name, signed_file, save=False)
        fields += ["signed_file", "signed_file_name"]
    agreement.save(update_fields=fields)
    # Tranches at signature, and those whose report was already accepted, are now due.
    _release([t for t in agreement.tranches.select_for_update(of=("self",)).select_related("report")
              if t.condition == PaymentCondition.AT_SIGNATURE
              or (t.report is not None and t.report.state == Report.State.ACCEPTED)], agreement)
    return agreement


@transaction.atomic
def record_tranche_payment(tranche, actor, *, paid_on, reference):
    """The program manager records a payment (date and reference) of a payable tranche."""
    tranche = _lock(PaymentTranche, tranche.pk)
    _require(actor, "grants.record_tranche_payment", tranche)
    if tranche.state == Tranche.PAID:
        raise AccountabilityRefused(_("Ce versement est déjà consigné comme versé."))
    if tranche.state != Tranche.PAYABLE:
        raise AccountabilityRefused(_("Ce versement n'est pas encore payable : sa condition n'est pas remplie."))
    _not_in_future(paid_on, _("de versement"))
    reference = (reference or "").strip()
    if not reference:
        raise AccountabilityRefused(_("La référence du paiement est requise."))
    tranche.state, tranche.paid_on, tranche.payment_reference, tranche.recorded_by = (
        Tranche.PAID, paid_on, reference[:100], actor)
    tranche.save(update_fields=["state", "paid_on", "payment_reference", "recorded_by"])
    return tranche


def _lock_editable_report(report, actor):
    report = _lock(Report, report.pk)
    _require(actor, "grants.file_report", report)
    if not report.is_editable_by_applicant:
        raise AccountabilityRefused(_("Ce rapport a été déposé : il ne peut plus être modifié."))
    return report


@transaction.atomic
def save_report(report, actor, *, data, results=None, spendings=None, attachments=()):
    """Save the applicant's draft.

    data: the REPORT_FIELDS; results: {indicator_id: (actual, comment)}; spendings: {budget_line_id: spent};
    attachments: uploaded files. Indicators and budget lines must belong to the report's proposal.
    """
    report = _lock_editable_report(report, actor)
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.save(update_fields=[*REPORT_FIELDS, "updated_at"])
    indicator_ids = set(report.agreement.proposal.indicators.values_list("pk", flat=True))
    for indicator_id, (actual, comment) in (results or {}).items():
        if indicator_id not in indicator_ids:
            raise AccountabilityRefused(_("Cet indicateur n'appartient pas à ce projet."))
        ReportIndicatorResult.objects.update_or_create(
            report=report, indicator_id=indicator_id, defaults={"actual": actual, "comment": comment or ""})
    line_ids = set(report.agreement.proposal.budget_lines.values_list("pk", flat=True))
    for line_id, spent in (spendings or {}).items():
        if line_id not in line_ids:
            raise AccountabilityRefused(_("Ce poste budgétaire n'appartient pas à ce projet."))
        if spent is not None and spent < 0:
            raise AccountabilityRefused(_("Un montant dépensé ne peut pas être négatif."))
        ReportSpending.objects.update_or_create(report=report, budget_line_id=line_id,
                                                defaults={"spent": spent or 0})
    for uploaded in attachments:
        checked = _checked_upload(uploaded)
        attachment = ReportAttachment(report=report, original_name=checked.original_name,
                                      content_type=checked.content_type, size=checked.size, uploaded_by=actor)
        attachment.file.save(checked.original_name, uploaded, save=False)
        attachment.save()
    return report


@transaction.atomic
def remove_report_attachment(attachment, actor):
    """The applicant removes a document from a report they may still edit."""
    report = _lock_editable_report(attachment.report, actor)
    attachment = ReportAttachment.objects.get(pk=attachment.pk, report=report)
    stored = attachment.file.name
    attachment.delete()
    # The stored file goes only once the row's deletion is committed.
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    return report


def missing_for_submission(report):
    """What the applicant still has to fill before submitting (French messages)."""
    missing = []
    if not report.narrative.strip():
        missing.append(_("Le bilan narratif est requis."))
    if not report.objectives_progress.strip():
        missing.append(_("La progression par objectif est requise."))
    if None in (report.participants_women, report.participants_men, report.participants_other):
        missing.append(_("Indiquez le nombre de personnes rejointes pour chaque genre (0 si aucune)."))
    filled = set(report.indicator_results.exclude(actual=None).values_list("indicator_id", flat=True))
    if report.agreement.proposal.indicators.exclude(pk__in=filled).exists():
        missing.append(_("Indiquez le résultat atteint pour chaque indicateur."))
    return missing


@transaction.atomic
def submit_report(report, actor):
    """Submit a draft, or resubmit a report sent back: it goes to the analysts for review."""
    report = _lock_editable_report(report, actor)
    missing = missing_for_submission(report)
    if missing:
        raise AccountabilityRefused(" ".join(str(message) for message in missing))
    report.state, report.submitted_at, report.submitted_by = Report.State.SUBMITTED, timezone.now(), actor
    report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    return report


def _lock_submitted_report(report, actor):
    report = _lock(Report, report.pk)
    _require(actor, "grants.review_report", report)
    if report.state != Report.State.SUBMITTED:
        raise AccountabilityRefused(_("Seul un rapport déposé peut être accepté ou retourné."))
    return report


@transaction.atomic
def accept_report(report, actor, *, comment=""):
    """Accept a submitted report: its tranches become payable; the final one moves the proposal to reported."""
    report = _lock_submitted_report(report, actor)
    agreement = report.agreement
    if report.kind == Report.Kind.FINAL and agreement.reports.filter(kind=Report.Kind.INTERIM).exclude(
            state=Report.State.ACCEPTED).exists():
        raise AccountabilityRefused(_("Les rapports d'étape doivent être acceptés avant le rapport final."))
    report.state, report.accepted_at = Report.State.ACCEPTED, timezone.now()
    report.reviewed_by, report.review_comment = actor, (comment or "").strip()
    report.save(update_fields=["state", "accepted_at", "reviewed_by", "review_comment", "updated_at"])
    queue(kind="report_accepted", recipients=_members(agreement), obj=report,
          context={"comment": report.review_comment})
    _release(report.tranches.select_for_update(), agreement)
    if report.kind == Report.Kind.FINAL:
        from workflow.services import transition  # workflow imports grants: import at call time

        transition(agreement.proposal, "accept_final_report", actor,
                   comment=_("Rapport final accepté."))
    return report


@transaction.atomic
def return_report(report, actor, *, comment):
    """Send a submitted report back to the applicant with the analyst's comments (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise AccountabilityRefused(_("Expliquez ce qui doit être corrigé : le commentaire est requis."))
    report = _lock_submitted_report(report, actor)
    report.state, report.reviewed_by, report.review_comment = Report.State.RETURNED, actor, comment
    report.save(update_fields=["state", "reviewed_by", "review_comment", "updated_at"])
    queue(kind="report_returned", recipients=_members(report.agreement), obj=report,
          occurrence=timezone.now().isoformat(),
          context={"comment": comment})
    return report
