"""The notification centre and the staff outbox page: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import rules, selectors, sending, services
from .forms import OutboxFilter


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
    form = OutboxFilter(request.GET)
    valid = form.is_valid()  # an invalid filter shows its error above every message
    filters = form.filters() if valid else {}
    state = form.cleaned_data.get("state", "") if valid else ""
    page = Paginator(selectors.outbox_for(request.user, state=state, **filters), 50).get_page(
        request.GET.get("page"))
    return render(request, "notifications/outbox.html", {
        "page": page, "form": form, "query": _without_page(request.GET),
        "summary": selectors.outbox_summary(request.user),
        "to_resend": selectors.needing_attention(request.user, **filters).count() if valid else 0})


def _without_page(query):
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_POST
def resend_failed(request):
    """Every message given up on, of the kind and dates filtered on the page, back in the queue."""
    if not rules.can_view_outbox(request.user):
        raise PermissionDenied
    form = OutboxFilter(request.POST)
    if form.is_valid():
        count = services.resend_failed(request.user, **form.filters())
        messages.success(request, ngettext(
            "%(count)s message sera renvoyé d'ici une minute.",
            "%(count)s messages seront renvoyés d'ici une minute.", count) % {"count": count})
    else:
        messages.error(request, _("Filtres invalides : aucun message renvoyé."))
    kept = {name: value for name, value in request.POST.items() if name in form.fields and value}
    return redirect(f"{reverse('notifications:outbox')}?{urlencode(kept)}" if kept else "notifications:outbox")


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
