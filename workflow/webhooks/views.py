"""The manager's webhook pages under /analyse/webhooks/: thin views over selectors and services.

Refusals come from the selectors and services: 403 for who manages no program, 404 for an endpoint of
another program (core.middleware turns a Conflict into the refusal page).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import InvalidInput
from workflow import rules

from . import selectors, services
from .delivery import MAX_ATTEMPTS
from .forms import EndpointForm

LOG_PAGE_SIZE = 50


def _require_webhooks(user):
    if not rules.can_use_webhooks.test(user):
        raise PermissionDenied


@login_required
def endpoint_list(request):
    _require_webhooks(request.user)
    endpoints = selectors.endpoints_for(request.user).order_by("program__code", "id")
    return render(request, "workflow/webhooks/list.html", {"endpoints": endpoints})


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_create(request):
    _require_webhooks(request.user)
    programs = selectors.managed_programs(request.user)
    form = EndpointForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.register_endpoint(
                request.user, program=form.cleaned_data["program"], url=form.cleaned_data["url"],
                events=form.cleaned_data["events"], description=form.cleaned_data["description"])
        except InvalidInput as refusal:
            form.add_refusal(refusal)
        else:
            # Shown on this answer only: the integrator needs it to check signatures.
            return render(request, "workflow/webhooks/secret.html",
                          {"endpoint": endpoint, "secret": endpoint.secret, "created": True})
    return render(request, "workflow/webhooks/form.html", {"form": form})


@login_required
def endpoint_detail(request, pk):
    endpoint = selectors.endpoint_for(request.user, pk)
    page = Paginator(selectors.deliveries_of(endpoint), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workflow/webhooks/detail.html",
                  {"endpoint": endpoint, "page": page, "max_attempts": MAX_ATTEMPTS})


@login_required
@require_POST
def rotate_secret(request, pk):
    endpoint = selectors.endpoint_for(request.user, pk)
    secret = services.rotate_secret(endpoint, request.user)
    return render(request, "workflow/webhooks/secret.html", {"endpoint": endpoint, "secret": secret})


@login_required
@require_POST
def ping(request, pk):
    endpoint = selectors.endpoint_for(request.user, pk)
    services.send_ping(endpoint, request.user)
    messages.success(request, _("Un essai part vers ce point de réception ; son résultat paraîtra dans le journal."))
    return redirect("workflow:webhook_detail", pk=endpoint.pk)


@login_required
@require_POST
def activation(request, pk):
    endpoint = selectors.endpoint_for(request.user, pk)
    active = request.POST.get("active") == "1"
    services.set_active(endpoint, request.user, active)
    messages.success(request, _("Point de réception réactivé.") if active else _("Point de réception désactivé."))
    return redirect("workflow:webhook_detail", pk=endpoint.pk)


@login_required
@require_POST
def delete(request, pk):
    endpoint = selectors.endpoint_for(request.user, pk)
    services.delete_endpoint(endpoint, request.user)
    messages.success(request, _("Point de réception supprimé."))
    return redirect("workflow:webhooks")


@login_required
@require_POST
def retry(request, pk):
    delivery = selectors.delivery_for(request.user, pk)
    if services.retry_delivery(delivery, request.user):
        messages.success(request, _("L'envoi est relancé."))
    else:
        messages.warning(request, _("Cet envoi est déjà livré ou en cours."))
    return redirect("workflow:webhook_detail", pk=delivery.endpoint_id)
