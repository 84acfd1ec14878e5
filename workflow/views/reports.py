from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accountability import selectors
from accountability import services as accountability
from accountability.forms import ReviewForm
from accountability.views import _report_page, _require
from core.errors import Refusal

from .. import services


@login_required
@require_POST
def report_review(request, pk):
    """Accept a report or send it back; accepting the final report also moves the proposal to reported."""
    report = selectors.report_for(request.user, pk)
    _require(request.user, "accountability.review_report", report)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
        try:
            if accept:
                services.accept_report(report, request.user, comment=form.cleaned_data["comment"])
            else:
                accountability.return_report(report, request.user, comment=form.cleaned_data["comment"])
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Rapport accepté.") if accept else _("Rapport retourné à l'organisme."))
            return redirect("report_detail", pk=pk)
    return _report_page(request, selectors.report_for(request.user, pk), review_form=form, status=400)
