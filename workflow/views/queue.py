"""The analyst queue: one program at a time, filtered, searchable, sortable, in keyset pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core import links
from workflow import queue as queue_selectors
from workflow.bulk import saved
from workflow.bulk.selection import filter_query
from workflow.selectors import staff_programs

COLUMNS = (
    ("reference", _("Dossier")), ("title", _("Titre")), ("organisation", _("Organisme")),
    ("amount", _("Montant demandé")), ("state", _("État")), ("submitted", _("Déposée le")),
    ("analyst", _("Analyste")),
)
PAGE_PARAMETERS = ("apres", "avant")


@login_required
def queue(request):
    if not request.user.has_perm("workflow.view_queue"):
        raise PermissionDenied
    programs = list(staff_programs(request.user))
    if not programs:  # a platform operator before any program exists
        raise Http404
    program = next((p for p in programs if p.code == request.GET.get("programme")), programs[0])
    form = queue_selectors.QueueFilter(program, request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # Pages go by position (?apres= / ?avant= the cursor of a row), not by number: see core.keyset.
    page = queue_selectors.queue(request.user, program, filters, after=request.GET.get("apres", ""),
                                 before=request.GET.get("avant", ""))
    links.link(page, "workflow:detail")
    # htmx (filters, sorting, pages) swaps only the results; a plain request gets the whole page.
    template = "workflow/includes/queue_table.html" if request.htmx else "workflow/queue.html"
    return render(request, template, {
        "programs": programs, "program": program, "form": form, "page": page,
        "columns": _columns(request, filters.get("sort") or queue_selectors.DEFAULT_SORT),
        "page_query": _query(request, drop=PAGE_PARAMETERS),
        # Bulk work and saved filters (workflow.bulk): the current filters, and the person's shortcuts.
        "filter_query": filter_query(request.GET), "shortcuts": [] if request.htmx else saved.shortcuts(request.user, program),
    })


def _columns(request, current):
    """Header links: a click sorts by the column, a second click reverses; aria-sort tells which."""
    columns = []
    for key, label in COLUMNS:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        target = f"-{key}" if active and not descending else key
        aria = ("descending" if descending else "ascending") if active else None
        columns.append({"key": key, "label": label, "query": _query(request, drop=(*PAGE_PARAMETERS, "sort"), sort=target),
                        "aria_sort": aria})
    return columns


def _query(request, drop=(), **extra):
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    for key, value in extra.items():
        params[key] = value
    return params.urlencode()
