"""The tags of a program (grants.services.tags): its managers list, create and delete them; admins every
program's. Whoever manages no program gets 403; a tag of a program one does not manage is not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import access
from core.errors import Refusal
from grants.models import Program, Tag
from grants.services import tags as tag_service


def _managed_programs(user):
    if not user.has_perm("grants.manage_some_tags"):
        raise PermissionDenied
    programs = Program.objects.order_by("-starts_on", "code")
    ids = access.visible_program_ids(user, access.MANAGER)
    return list(programs if ids is None else programs.filter(pk__in=ids))


def _url(program):
    return reverse("workflow:tags") + f"?programme={program.code}"


@login_required
@require_http_methods(["GET", "POST"])
def tag_list(request):
    programs = _managed_programs(request.user)
    if not programs:
        raise Http404
    code = request.POST.get("programme") or request.GET.get("programme", "")
    program = next((p for p in programs if p.code == code), None if code else programs[0])
    if program is None:
        raise Http404
    error, status = "", 200
    if request.method == "POST":
        try:
            tag = tag_service.create_tag(program, request.user, name=request.POST.get("name", ""))
        except Refusal as refusal:
            error, status = refusal.message, refusal.http_status
        else:
            messages.success(request, _("Étiquette « %(name)s » créée.") % {"name": tag.name})
            return redirect(_url(program))
    tags = Tag.objects.filter(program=program).annotate(uses=Count("proposals")).order_by("name")
    return render(request, "workflow/tags.html", {"programs": programs, "program": program, "tags": tags,
                                                  "error": error, "name": request.POST.get("name", "")},
                  status=status)


@login_required
@require_POST
def tag_delete(request, pk):
    programs = _managed_programs(request.user)
    tag = get_object_or_404(Tag.objects.select_related("program"), pk=pk, program__in=programs)
    tag_service.delete_tag(tag, request.user)
    messages.success(request, _("Étiquette « %(name)s » supprimée.") % {"name": tag.name})
    return redirect(_url(tag.program))
