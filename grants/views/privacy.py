"""Privacy pages (Loi 25): the public privacy notice, a person's own data (download) and account closure,
and the access log of confidential files for program managers and admins.

Thin: core.personal_data exports and closes (every app contributes through its registry), core.access_log
reads the log; the rules are core.rules' (core.view_access_log).
"""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import access_log, personal_data, retention
from core.models import RetentionRule
from grants.forms.privacy import AccessLogFilterForm, CloseAccountForm
from grants.models import Program


def _officer():
    return {"name": settings.CONCERTO_PRIVACY_OFFICER_NAME, "email": settings.CONCERTO_PRIVACY_OFFICER_EMAIL,
            "address": settings.CONCERTO_PRIVACY_OFFICER_ADDRESS}


@require_GET
def notice(request):
    """Public: who is in charge, what is collected and why, how long it is kept, how to exercise a right."""
    rules = [(retention.label(rule.kind), rule.days)
             for rule in RetentionRule.objects.filter(active=True).order_by("kind") if retention.get(rule.kind)]
    return render(request, "grants/privacy/notice.html", {"officer": _officer(), "retention_rules": rules})


@login_required
@require_GET
@never_cache
def personal_data_page(request):
    sections = [(key.replace("_", " "), count) for key, count in personal_data.summary(request.user)]
    return render(request, "grants/privacy/personal_data.html", {"sections": sections})


@login_required
@require_GET
@never_cache
def personal_data_download(request):
    """Everything Concerto holds about the person, as one JSON file; the download is noted on the account.
    Streamed: the long sections are read in chunks as they are sent."""
    personal_data.record_export(request.user, request.user)
    response = StreamingHttpResponse(personal_data.export_json(request.user),
                                     content_type="application/json; charset=utf-8")
    filename = f"concerto-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def close_account(request):
    """Confirmed with the password; anyone may close their own account, staff with open duties too (their
    reviews, decisions and logged actions stay, under the closed account's name)."""
    form = CloseAccountForm(request.user, request.POST or None)
    if request.method == "POST":
        # allauth's limit on entering the password again (10 a minute per person).
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Trop d'essais : attendez une minute avant de réessayer."))
        elif form.is_valid():
            personal_data.close_account(request.user, request.user)
            logout(request)
            messages.success(request, _("Votre compte est fermé et vos renseignements personnels sont anonymisés."))
            return redirect("privacy")
    return render(request, "grants/privacy/close.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def access_log_page(request):
    """Who opened which confidential file: a manager's programs, every program for an admin."""
    if not request.user.has_perm("core.view_access_log"):
        raise PermissionDenied
    visible = access_log.visible_program_ids(request.user)
    programs = Program.objects.order_by("code") if visible is None else Program.objects.filter(pk__in=visible)
    form = AccessLogFilterForm(programs, request.GET or None)
    if request.GET.get("programme") and not form.is_valid():
        raise Http404  # a program that is not theirs, or not a program
    program_id = form.cleaned_data.get("programme") if form.is_bound and form.is_valid() else None
    rows, next_cursor = access_log.page(access_log.visible_to(request.user, program_id), request.GET.get("apres"))
    _describe(rows)
    names = dict(programs.values_list("pk", "code"))
    for row in rows:
        row.program_code = names.get(row.program_id, row.program_id)
    return render(request, "grants/privacy/access_log.html", {
        "form": form, "rows": rows, "next_cursor": next_cursor, "program_id": program_id,
        "paged": bool(request.GET.get("apres"))})


def _describe(rows):
    """The opened object's name, one query per kind of object on the page (a deleted one keeps its id)."""
    by_type = {}
    for row in rows:
        by_type.setdefault(row.content_type, set()).add(row.object_id)
    found = {}
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        if model is not None:
            for obj in model._default_manager.filter(pk__in=ids):
                found[(content_type.pk, obj.pk)] = str(obj)
    for row in rows:
        row.label = found.get((row.content_type_id, row.object_id), f"#{row.object_id}")
