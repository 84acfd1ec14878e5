"""Program staff verify self-registered organisations: eligible by their type and territory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Conflict
from grants import selectors
from grants.models import Organisation
from grants.services import organisations as service


@login_required
def to_verify(request):
    """Analysts and managers: the organisations still "à vérifier" of their programs' regions or files."""
    if not request.user.has_perm("grants.view_organisations_to_verify"):
        raise PermissionDenied
    return render(request, "grants/verification/list.html", {
        "organisations": list(selectors.organisations_to_verify(request.user)),
    })


@login_required
@require_POST
def verify(request, pk):
    organisation = Organisation.objects.filter(pk=pk).select_related("territory", "municipality").first()
    if organisation is None:
        raise Http404
    try:
        verified = service.verify_organisation(organisation, request.user, comment=request.POST.get("comment", ""))
    except Conflict as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(request, _("L'organisme %(name)s est vérifié.") % {"name": verified.legal_name})
    return redirect(_next_url(request))


def _next_url(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "organisation_verification_list"
