"""Writes of the accountability cycle: signature, payments, reports. Views and admin call only these.

Each function takes the acting user, runs in one transaction, locks the row it changes, checks the
permission on the locked row, refuses illegal states with a French message (AccountabilityRefused) and
queues its notifications through notifications.outbox inside the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import activity, file_deletions
from core.errors import Forbidden, Refusal
from grants.models import User
from grants.states import State as ProposalState
from grants.uploads import check_upload
from notifications.outbox import queue

from . import latest, shared_reports
from .models import (
    Agreement,
    PaymentCondition,
    PaymentTranche,
    Report,
    ReportAnswer,
    ReportAttachment,
    ReportIndicatorResult,
    ReportSpending,
)
from .rules import allowed

Tranche = PaymentTranche.State
REPORT_FIELDS = ("narrative", "objectives_progress", "participants_women", "participants_men",
                 "participants_other")


class AccountabilityRefused(Refusal):
    """The object's state or the values given do not allow the action."""


class AccountabilityInvalid(AccountabilityRefused):
    """A value given is missing or unacceptable (a date in the future, a foreign indicator…): the API
    answers 400, the pages show the message like any other refusal."""

    code = "invalid_input"
    http_status = 400


def _require(user, permission, obj):
    if not allowed(user, permission, obj):
        raise Forbidden()


def _lock(model, pk):
    related = "proposal__call" if model is Agreement else "agreement__proposal__call"
    return model.objects.select_for_update(of=("self",)).select_related(related).get(pk=pk)


def _members(agreement):
    return list(User.objects.filter(memberships__organisation_id=agreement.proposal.organisation_id,
                                    is_active=True))


def _managers(agreement):
    return list(User.objects.filter(program_roles__program_id=agreement.proposal.call.program_id,
                                    program_roles__role="manager", is_active=True).distinct())


def _change(obj, name, by, note="", fields=(), **arguments):
    """Run the object's transition `name`, save what it wrote and log it (actor, from, to, comment)."""
    from_state = obj.state
    getattr(obj, name)(**arguments)
    obj.save(update_fields=["state", *fields])
    activity.record(obj, by, name, from_state, obj.state, note)


def _release(tranches, agreement, actor):
    """Scheduled → payable, once the agreement is signed; queues one tranche_payable per tranche."""
    for tranche in tranches:
        if tranche.state != Tranche.SCHEDULED or not agreement.is_signed:
            continue
        _change(tranche, "release", actor, fields=["payable_at"])
        # The outbox reads the amount, number and due date from the tranche itself.
        queue(kind="tranche_payable", recipients=_managers(agreement), obj=tranche)


def _checked_upload(uploaded):
    try:
        return check_upload(uploaded)
    except ValidationError as error:
        raise AccountabilityInvalid(error.messages[0]) from error


def _not_in_future(day, label):
    if day is None:
        raise AccountabilityInvalid(_("La date %(label)s est requise.") % {"label": label})
    if day > timezone.localdate():
        raise AccountabilityInvalid(_("La date %(label)s ne peut pas être dans le futur.") % {"label": label})


@transaction.atomic
def record_signature(agreement, actor, *, signed_on, signed_file=None):
    """Staff record the signed date (and signed copy): the "at signature" tranches become payable."""
    agreement = _lock(Agreement, agreement.pk)
    _require(actor, "accountability.record_agreement_signature", agreement)
    if agreement.is_signed:
        raise AccountabilityRefused(_("La signature de cette convention est déjà consignée."))
    _not_in_future(signed_on, _("de signature"))
    if signed_on < timezone.localdate(agreement.created_at):
        raise AccountabilityInvalid(_("La convention ne peut pas être signée avant sa création."))
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
              or (t.report is not None and t.report.state == Report.State.ACCEPTED)], agreement, actor)
    return agreement


@transaction.atomic
def record_tranche_payment(tranche, actor, *, paid_on, reference):
    """The program manager records a payment (date and reference) of a payable tranche."""
    tranche = _lock(PaymentTranche, tranche.pk)
    _require(actor, "accountability.record_tranche_payment", tranche)
    if tranche.agreement.proposal.state == ProposalState.CLOSED:
        raise AccountabilityRefused(_("Ce dossier est fermé : aucun versement ne peut plus y être consigné."))
    if tranche.state == Tranche.CANCELLED:
        raise AccountabilityRefused(_("Ce versement est annulé."))
    if tranche.state == Tranche.PAID:
        raise AccountabilityRefused(_("Ce versement est déjà consigné comme versé."))
    if tranche.state != Tranche.PAYABLE:
        raise AccountabilityRefused(_("Ce versement n'est pas encore payable : sa condition n'est pas remplie."))
    _not_in_future(paid_on, _("de versement"))
    reference = (reference or "").strip()
    if not reference:
        raise AccountabilityInvalid(_("La référence du paiement est requise."))
    _change(tranche, "pay", actor, fields=["paid_on", "payment_reference", "recorded_by"], actor=actor,
            paid_on=paid_on, reference=reference[:100])
    return tranche


@transaction.atomic
def cancel_tranche(tranche, actor, *, comment):
    """The program manager cancels a tranche that will not be paid (the project ended early, a smaller
    amount was spent…); the reason is required and logged."""
    comment = (comment or "").strip()
    tranche = _lock(PaymentTranche, tranche.pk)
    _require(actor, "accountability.record_tranche_payment", tranche)
    if not comment:
        raise AccountabilityInvalid(_("Expliquez pourquoi ce versement est annulé : le motif est requis."))
    if tranche.is_settled:
        raise AccountabilityRefused(_("Ce versement est déjà versé ou annulé."))
    _change(tranche, "cancel", actor, comment)
    return tranche


def tranches_settled(agreement):
    """True when every tranche is paid or cancelled: a file may then be closed."""
    return not agreement.tranches.exclude(state__in=[Tranche.PAID, Tranche.CANCELLED]).exists()


def _lock_editable_report(report, actor):
    report = _lock(Report, report.pk)
    _require(actor, "accountability.file_report", report)
    if not report.is_editable_by_applicant:
        raise AccountabilityRefused(_("Ce rapport a été déposé : il ne peut plus être modifié."))
    return report


@transaction.atomic
def save_report(report, actor, *, data, results=None, spendings=None, attachments=(), answers=None):
    """Save the applicant's draft.

    data: the REPORT_FIELDS; results: {indicator_id: (actual, comment)}; spendings: {budget_line_id: spent};
    attachments: uploaded files; answers: {report question id: text} (accountability.shared_reports
    .questions_for). Indicators, budget lines and questions must belong to the report's proposal.
    """
    report = _lock_editable_report(report, actor)
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.save(update_fields=[*REPORT_FIELDS, "updated_at"])
    indicator_ids = set(report.agreement.proposal.indicators.values_list("pk", flat=True))
    for indicator_id, (actual, comment) in (results or {}).items():
        if indicator_id not in indicator_ids:
            raise AccountabilityInvalid(_("Cet indicateur n'appartient pas à ce projet."))
        ReportIndicatorResult.objects.update_or_create(
            report=report, indicator_id=indicator_id, defaults={"actual": actual, "comment": comment or ""})
    line_ids = set(report.agreement.proposal.budget_lines.values_list("pk", flat=True))
    for line_id, spent in (spendings or {}).items():
        if line_id not in line_ids:
            raise AccountabilityInvalid(_("Ce poste budgétaire n'appartient pas à ce projet."))
        if spent is not None and spent < 0:
            raise AccountabilityInvalid(_("Un montant dépensé ne peut pas être négatif."))
        ReportSpending.objects.update_or_create(report=report, budget_line_id=line_id,
                                                defaults={"spent": spent or 0})
    if answers:
        asked = {question.pk for question in shared_reports.questions_for(report)}
        for question_id, text in answers.items():
            if question_id not in asked:
                raise AccountabilityInvalid(_("Cette question n'est pas posée dans ce rapport."))
            ReportAnswer.objects.update_or_create(report=report, question_id=question_id,
                                                  defaults={"text": (text or "").strip()})
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
    file_deletions.delete_after_commit(stored)
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
    answered = set(report.answers.exclude(text="").values_list("question_id", flat=True))
    for question in shared_reports.questions_for(report):
        if question.required and question.pk not in answered:
            missing.append(_("Répondez à la question « %(label)s ».") % {"label": question.label})
    return missing


@transaction.atomic
def submit_report(report, actor):
    """Submit a draft, or resubmit a report sent back: it goes to the analysts for review."""
    report = _lock_editable_report(report, actor)
    missing = missing_for_submission(report)
    if missing:
        # 409 like a proposal's unmet guard; each missing item is also listed apart for API clients.
        raise AccountabilityRefused(" ".join(str(message) for message in missing), code="incomplete",
                                    details={"messages": [str(message) for message in missing]})
    _change(report, "submit", actor, fields=["submitted_at", "submitted_by", "updated_at"], actor=actor)
    # A shared application's other funders get the same report, filed once (accountability.shared_reports).
    for twin in shared_reports.twins(report):
        shared_reports.copy_content(report, twin, actor)
        if not missing_for_submission(twin):
            _change(twin, "submit", actor, fields=["submitted_at", "submitted_by", "updated_at"], actor=actor)
    return report


def _lock_submitted_report(report, actor):
    report = _lock(Report, report.pk)
    _require(actor, "accountability.review_report", report)
    if report.state != Report.State.SUBMITTED:
        raise AccountabilityRefused(_("Seul un rapport déposé peut être accepté ou retourné."))
    return report


@transaction.atomic
def accept_report(report, actor, *, comment=""):
    """Accept a submitted report: its tranches become payable. Accepting the final report also moves the
    proposal to "reported": workflow.services.accept_report does both in one transaction."""
    report = _lock_submitted_report(report, actor)
    agreement = report.agreement
    if report.kind == Report.Kind.FINAL and agreement.reports.filter(kind=Report.Kind.INTERIM).exclude(
            state=Report.State.ACCEPTED).exists():
        raise AccountabilityRefused(_("Les rapports d'étape doivent être acceptés avant le rapport final."))
    comment = (comment or "").strip()
    _change(report, "accept", actor, comment, fields=["accepted_at", "reviewed_by", "review_comment", "updated_at"],
            actor=actor, comment=comment)
    latest.record_acceptance(report)
    queue(kind="report_accepted", recipients=_members(agreement), obj=report,
          context={"comment": report.review_comment})
    _release(report.tranches.select_for_update(), agreement, actor)
    return report


@transaction.atomic
def return_report(report, actor, *, comment):
    """Send a submitted report back to the applicant with the analyst's comments (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise AccountabilityInvalid(_("Expliquez ce qui doit être corrigé : le commentaire est requis."))
    report = _lock_submitted_report(report, actor)
    _change(report, "send_back", actor, comment, fields=["reviewed_by", "review_comment", "updated_at"],
            actor=actor, comment=comment)
    queue(kind="report_returned", recipients=_members(report.agreement), obj=report,
          occurrence=timezone.now().isoformat(),
          context={"comment": comment})
    return report
