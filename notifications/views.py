"""The notification centre and the staff outbox page: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import rules, selectors, sending, services
from .models import OutboxMessage


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 20).get_page(request.GET.get("page"))
    selectors.with_text(page.object_list)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk):
    if not services.mark_read(request.user, pk) and not request.user.notifications.filter(pk=pk).exists():
        raise Http404
    if request.htmx:
        return render(request, "notifications/_read.html")
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, _("%(count)s notification(s) marquée(s) comme lue(s).") % {"count": count})
    return redirect("notifications:list")


@login_required
def outbox(request):
    if not rules.can_view_outbox(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in OutboxMessage.State.values:
        state = ""
    page = Paginator(selectors.outbox_for(request.user, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/outbox.html", {
        "page": page, "state": state, "states": OutboxMessage.State.choices})


@login_required
@require_POST
def retry(request, pk):
    # Like the outbox page: 403 for who has no outbox, 404 for a message outside the person's programs.
    if not rules.can_view_outbox(request.user):
        raise PermissionDenied
    message = selectors.outbox_for(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404
    if sending.resend(message, request.user):
        messages.success(request, _("Le message sera renvoyé sous peu."))
    else:
        messages.warning(request, _("Ce message a déjà été envoyé ou est en cours d'envoi."))
    return redirect("notifications:outbox")
