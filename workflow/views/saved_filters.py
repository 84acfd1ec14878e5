"""Saving the queue's current filters under a name, and deleting a saved filter (workflow.bulk.saved)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Refusal

from ..bulk import saved
from ..bulk.selection import filter_query, program_for


@login_required
@require_POST
def save_filter(request):
    if not request.user.has_perm("workflow.view_queue"):
        raise PermissionDenied
    program = program_for(request.user, request.POST.get("programme", ""))
    if program is None:
        raise Http404
    params = QueryDict(request.POST.get("filtres", ""))
    back = reverse("workflow:queue") + "?" + (filter_query(params) or f"programme={program.code}")
    try:
        item = saved.save(request.user, program, name=request.POST.get("name", ""), params=params)
    except Refusal as refusal:
        return render(request, "refusal.html", {"message": refusal.message, "back": back},
                      status=refusal.http_status)
    messages.success(request, _("Filtre « %(name)s » enregistré.") % {"name": item.name})
    return redirect(reverse("workflow:queue") + "?" + item.query)


@login_required
@require_POST
def delete_filter(request, pk):
    item = saved.delete(request.user, pk)
    messages.success(request, _("Filtre « %(name)s » supprimé.") % {"name": item.name})
    return redirect(reverse("workflow:queue") + f"?programme={item.program.code}")
