"""The program dashboard page. Thin: reporting.dashboard chooses the program and builds the charts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.replica import from_replica

from . import dashboard as board


@login_required
@require_GET
@from_replica
def dashboard(request):
    """Program staff and admins (403 for everybody else); 404 for a program that is not theirs. Read from
    the replica when there is one (docs/scaling.md)."""
    programs, program = board.chosen_program(request.user, request.GET.get("programme"))
    form = board.DashboardFilters(programs, program, request.GET)
    scope = form.scope()
    return render(request, "reporting/dashboard/page.html", {
        "form": form, "program": program, "scope": scope, **board.sections(scope, timezone.localdate())})
