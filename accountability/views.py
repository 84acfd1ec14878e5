"""Agreement, tranche, report and program-results pages. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accountability import selectors, services, shared_reports
from accountability.forms import CancelForm, PaymentForm, ReportForm, ReviewForm, SignatureForm
from accountability.models import Agreement, ReportAttachment
from accountability.rules import allowed
from core import access_log, activity, keyset, links
from core.errors import Refusal
from core.languages import in_reader_language
from grants.models import Program
from grants.upload_handlers import report_oversized, with_upload_limit

REFUSALS = (Refusal,)
# Newest first, read along agreement_created_idx.
AGREEMENT_ORDER = keyset.Order("created_at", Agreement._meta.get_field("created_at"), descending=True)
# The oldest submitted reports first: reviewing them brings the next ones up.
REPORTS_SHOWN = 50
REPORT_ACTIONS = {"submit": _("Déposé"), "accept": _("Accepté"), "send_back": _("Retourné pour correction")}


def _program_id(report):
    return report.agreement.proposal.call.program_id


def _require(user, permission, obj):
    if not allowed(user, permission, obj):
        raise PermissionDenied


def _agreement_page(request, agreement, signature_form=None, payment_forms=None, status=200):
    user = request.user
    can_pay = allowed(user, "accountability.record_tranche_payment", agreement)
    payment_forms = payment_forms or {}
    tranches = [(t, payment_forms.get(t.pk) or (PaymentForm(prefix=f"t{t.pk}") if can_pay else None))
                for t in agreement.tranches.all()]
    return render(request, "accountability/agreements/detail.html", {
        "agreement": agreement, "proposal": agreement.proposal, "tranches": tranches,
        "can_sign": not agreement.is_signed and allowed(user, "accountability.record_agreement_signature", agreement),
        "signature_form": signature_form or SignatureForm(), "can_pay": can_pay,
        "is_applicant": allowed(user, "accountability.file_report", agreement),
    }, status=status)


@login_required
@require_GET
def agreement_list(request):
    """Keyset pages of the visible agreements, newest first, and the oldest reports waiting for review: the
    same queries with 10 or 50,000 agreements."""
    user = request.user
    to_review = list(selectors.reports_to_review_rows(user)[:REPORTS_SHOWN + 1])
    agreements = keyset.page(selectors.agreement_list_rows(user), AGREEMENT_ORDER,
                             after=request.GET.get("apres", ""), before=request.GET.get("avant", ""))
    for agreement in agreements:
        agreement.program_name = in_reader_language(agreement.program_name_fr, agreement.program_name_en)
    return render(request, "accountability/agreements/list.html", {
        "agreements": links.link(agreements, "agreement_detail"),
        "to_review": links.link(to_review[:REPORTS_SHOWN], "report_detail"),
        "more_to_review": len(to_review) > REPORTS_SHOWN, "programs": selectors.result_programs(user)})


@login_required
@require_GET
def agreement_for_proposal(request, proposal_pk):
    agreement = get_object_or_404(Agreement.objects.only("pk"), proposal_id=proposal_pk)
    return redirect("agreement_detail", pk=selectors.agreement_for(request.user, agreement.pk).pk)


@login_required
@require_GET
def agreement_detail(request, pk):
    return _agreement_page(request, selectors.agreement_for(request.user, pk))


@with_upload_limit
@login_required
@require_POST
def agreement_sign(request, pk):
    agreement = selectors.agreement_for(request.user, pk)
    _require(request.user, "accountability.record_agreement_signature", agreement)
    form = SignatureForm(request.POST, request.FILES)
    report_oversized(form, request.upload_limiter)
    if form.is_valid():
        try:
            services.record_signature(agreement, request.user, signed_on=form.cleaned_data["signed_on"],
                                      signed_file=form.cleaned_data["signed_file"])
        except REFUSALS as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("La signature de la convention est consignée."))
            return redirect("agreement_detail", pk=pk)
    return _agreement_page(request, selectors.agreement_for(request.user, pk), signature_form=form, status=400)


@login_required
@require_GET
def agreement_signed_file(request, pk):
    agreement = selectors.agreement_for(request.user, pk)
    if not agreement.signed_file:
        raise Http404
    access_log.record(request.user, agreement, agreement.proposal.call.program_id, access_log.What.AGREEMENT_FILE)
    return FileResponse(agreement.signed_file.open("rb"), as_attachment=True,
                        filename=agreement.signed_file_name or "convention.pdf")


@login_required
@require_POST
def tranche_pay(request, pk):
    tranche = selectors.tranche_for(request.user, pk)
    _require(request.user, "accountability.record_tranche_payment", tranche)
    form = PaymentForm(request.POST, prefix=f"t{tranche.pk}")
    if form.is_valid():
        try:
            services.record_tranche_payment(tranche, request.user, paid_on=form.cleaned_data["paid_on"],
                                            reference=form.cleaned_data["reference"])
        except REFUSALS as refusal:
            form.add_error(None, refusal.message)
        else:
            if request.htmx:
                return _tranche_row(request, selectors.tranche_for(request.user, pk), form=None)
            messages.success(request, _("Le versement est consigné."))
            return redirect("agreement_detail", pk=tranche.agreement_id)
    if request.htmx:  # htmx swaps only 2xx answers: the row comes back with its errors
        return _tranche_row(request, tranche, form=form)
    agreement = selectors.agreement_for(request.user, tranche.agreement_id)
    return _agreement_page(request, agreement, payment_forms={tranche.pk: form}, status=400)


@login_required
@require_POST
def tranche_cancel(request, pk):
    """The manager cancels a tranche that will not be paid, with the reason."""
    tranche = selectors.tranche_for(request.user, pk)
    _require(request.user, "accountability.record_tranche_payment", tranche)
    form = CancelForm(request.POST, prefix=f"c{tranche.pk}")
    if form.is_valid():
        try:
            services.cancel_tranche(tranche, request.user, comment=form.cleaned_data["comment"])
        except REFUSALS as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Le versement est annulé."))
    else:
        messages.error(request, _("Expliquez pourquoi ce versement est annulé : le motif est requis."))
    return redirect("agreement_detail", pk=tranche.agreement_id)


def _tranche_row(request, tranche, form):
    return render(request, "accountability/agreements/_tranche_row.html",
                  {"tranche": tranche, "agreement": tranche.agreement, "form": form,
                   "can_pay": allowed(request.user, "accountability.record_tranche_payment", tranche)})


def _report_form(report, data=None, files=None):
    proposal = report.agreement.proposal
    return ReportForm(data, files, instance=report, indicators=list(proposal.indicators.all()),
                      budget_lines=list(proposal.budget_lines.all()), questions=shared_reports.questions_for(report))


def _report_page(request, report, form=None, review_form=None, status=200):
    user = request.user
    editable = report.is_editable_by_applicant and allowed(user, "accountability.file_report", report)
    can_review = report.state == report.State.SUBMITTED and allowed(user, "accountability.review_report", report)
    return render(request, "accountability/reports/form.html" if editable else "accountability/reports/detail.html", {
        "report": report, "agreement": report.agreement, "proposal": report.agreement.proposal,
        "form": form or (_report_form(report) if editable else None),
        "review_form": review_form or (ReviewForm() if can_review else None),
        "rows": _report_rows(report),
        "answers": list(report.answers.select_related("question__call__program")),
        "missing": services.missing_for_submission(report) if editable else [],
        "history": [(entry, REPORT_ACTIONS.get(entry.action, entry.action)) for entry in activity.history(report)],
    }, status=status)


def _report_rows(report):
    """Indicator actual vs target and spending vs budget, from the prefetched relations."""
    proposal = report.agreement.proposal
    results = {r.indicator_id: r for r in report.indicator_results.all()}
    spent = {s.budget_line_id: s.spent for s in report.spendings.all()}
    return {"indicators": [(i, results.get(i.pk)) for i in proposal.indicators.all()],
            "spending": [(line, spent.get(line.pk)) for line in proposal.budget_lines.all()]}


@with_upload_limit
@login_required
def report_detail(request, pk):
    report = selectors.report_for(request.user, pk)
    if request.method != "POST":
        access_log.record(request.user, report, _program_id(report), access_log.What.REPORT)
        return _report_page(request, report)
    _require(request.user, "accountability.file_report", report)
    form = _report_form(report, request.POST, request.FILES)
    report_oversized(form, request.upload_limiter)
    if form.is_valid():
        try:
            services.save_report(report, request.user, **form.service_arguments())
            if request.POST.get("action") == "submit":
                services.submit_report(report, request.user)
        except REFUSALS as refusal:
            messages.error(request, refusal.message)
            return redirect("report_detail", pk=pk)
        submitted = request.POST.get("action") == "submit"
        messages.success(request, _("Le rapport est déposé.") if submitted else _("Brouillon enregistré."))
        return redirect("report_detail", pk=pk)
    return _report_page(request, selectors.report_for(request.user, pk), form=form, status=400)


@login_required
@require_GET
def report_attachment(request, pk):
    attachment = get_object_or_404(ReportAttachment.objects.only("report_id"), pk=pk)
    report = selectors.report_for(request.user, attachment.report_id)  # 404 unless the report is visible
    attachment = ReportAttachment.objects.get(pk=pk)
    access_log.record(request.user, attachment, _program_id(report), access_log.What.REPORT_ATTACHMENT)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@login_required
@require_POST
def report_attachment_remove(request, pk):
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    selectors.report_for(request.user, attachment.report_id)  # 404 unless the report is visible
    _require(request.user, "accountability.file_report", attachment.report)
    try:
        services.remove_report_attachment(attachment, request.user)
    except REFUSALS as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("La pièce jointe « %(name)s » est retirée.") % {"name": attachment.original_name})
    return redirect("report_detail", pk=attachment.report_id)


@login_required
@require_GET
def program_results(request, pk):
    program = get_object_or_404(Program, pk=pk)
    if not allowed(request.user, "accountability.view_program_results", program):
        raise Http404
    page = request.GET.get("page", "")
    page = int(page) if page.isdigit() and 0 < int(page) <= selectors.MAX_INDICATOR_PAGE else 1
    return render(request, "accountability/reports/results.html",
                  {"program": program, "results": selectors.program_results(program, page=page)})
