"""The staff page of one proposal: every section, attachments, actions and history."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from workflow import selectors

SECTIONS = (
    ("mission", "territory_details", "target_population"),
    ("problem_statement", "objectives", "expected_results", "complementarity"),
    ("gender_impact",),
)


@login_required
def detail(request, pk):
    proposal = selectors.staff_proposal_detail(request.user, pk)
    if proposal is None:
        raise Http404
    fields = {f.name: f for f in proposal._meta.fields}
    sections = [[(fields[name].verbose_name, getattr(proposal, name)) for name in group] for group in SECTIONS]
    return render(request, "workflow/detail.html", {"proposal": proposal, "sections": sections})
