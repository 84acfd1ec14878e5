"""The staff page of one proposal: every section, attachments, actions and history."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core import access_log
from grants import selectors as grants_selectors
from grants.states import DECIDABLE
from workflow import selectors

SECTIONS = (
    (_("Personne responsable et personne-ressource"),
     ("project_lead_name", "project_lead_role", "contact_name", "contact_role", "contact_email", "contact_phone")),
    (_("Organisme et territoire"), ("mission", "territory_details", "target_population")),
    (_("Problématique, objectifs et résultats"),
     ("problem_statement", "objectives", "expected_results", "concerns", "complementarity")),
    (_("Analyse différenciée selon les sexes (ADS+)"), ("gender_impact",)),
)


@login_required
def detail(request, pk):
    proposal = selectors.proposal_detail(pk)
    if proposal is None or not request.user.has_perm("workflow.view_proposal_as_staff", proposal):
        raise Http404
    access_log.record(request.user, proposal, proposal.call.program_id, access_log.What.PROPOSAL_STAFF)
    fields = {f.name: f for f in proposal._meta.fields}
    sections = [(title, [(fields[name].verbose_name, getattr(proposal, name)) for name in names])
                for title, names in SECTIONS]
    # What the decision body needs before approving: the envelope still free in the program.
    envelope_left = grants_selectors.envelope_left(proposal.call.program_id) if proposal.state in DECIDABLE else None
    # A self-registered organisation is "à vérifier": its program's staff may verify it from here.
    can_verify = proposal.organisation.verified_at is None and request.user.has_perm(
        "grants.verify_organisation", proposal.organisation)
    return render(request, "workflow/detail.html", {
        "proposal": proposal, "sections": sections, "envelope_left": envelope_left,
        "can_verify_organisation": can_verify, "linked": selectors.linked_names(proposal)})
